namespace Docket.Functions.Hosting;

/// <summary>Limits every HTTP function runs under.</summary>
public sealed class HttpFunctionOptions
{
    public const string SectionName = "Docket:Http";

    /// <summary>
    /// The most time a request may spend on storage before it answers 503 with Retry-After; storage calls stop
    /// retrying when it is spent (<see cref="Storage.Connection.RequestDeadlinePolicy"/>).
    /// </summary>
    public TimeSpan RequestBudget { get; set; } = TimeSpan.FromSeconds(10);
}
