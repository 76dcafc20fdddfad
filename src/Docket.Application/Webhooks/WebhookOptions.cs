using System.Globalization;

namespace Docket.Application.Webhooks;

/// <summary>Settings of webhook delivery ("Docket:Webhooks").</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Docket:Webhooks";

    /// <summary>
    /// A developer's machine: http URLs and loopback or private addresses may be targets. Off in Azure, where a
    /// webhook must not reach into the deployment's network.
    /// </summary>
    public bool AllowInsecureTargets { get; set; }

    /// <summary>
    /// The waits before each retry after a failed attempt, comma-separated time spans; when they are spent the
    /// delivery has failed.
    /// </summary>
    public string RetrySchedule { get; set; } = "00:00:05,00:01:00,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00";

    /// <summary>A webhook whose deliveries have failed, without one success, for this long is disabled.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a receiver has to answer an attempt with a 2xx.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the previous secret keeps signing beside the new one after a rotation.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Events read a page (and due retries attempted a pass) per webhook.</summary>
    public int EventsPerPass { get; set; } = 500;

    /// <summary>
    /// How often the settled part of the feed is read again for changes that committed after a pass had read past
    /// their place (each read is a range query per shard).
    /// </summary>
    public TimeSpan SettledCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts in flight at once in a dispatch pass.</summary>
    public int Parallelism { get; set; } = 8;

    public IReadOnlyList<TimeSpan> RetryWaits => ParseSchedule(RetrySchedule) ?? [];

    public bool IsValid() => ParseSchedule(RetrySchedule) is not null && DisableAfter > TimeSpan.Zero
        && AttemptTimeout > TimeSpan.Zero && SettledCheckInterval >= TimeSpan.Zero && SecretOverlap >= TimeSpan.Zero && EventsPerPass > 0 && Parallelism > 0;

    static TimeSpan[]? ParseSchedule(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var waits = new TimeSpan[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!TimeSpan.TryParse(parts[i], CultureInfo.InvariantCulture, out waits[i]) || waits[i] < TimeSpan.Zero)
                return null;
        return waits;
    }
}
