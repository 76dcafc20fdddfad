namespace Docket.Client;

/// <summary>Where the client calls, as whom, and how patiently.</summary>
public sealed class DocketClientOptions
{
    public const string SectionName = "Docket";

    /// <summary>The site root, e.g. http://localhost:7071 (routes are under /api).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Sent as "Authorization: Bearer {key}".</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Retries of a transient failure (503, 429, 408, 5xx, timeouts, lost connections) after the first try.
    /// </summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>
    /// The first back-off delay, doubled (with jitter) on each retry; a Retry-After header takes precedence.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one try may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long a call may take with all its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
