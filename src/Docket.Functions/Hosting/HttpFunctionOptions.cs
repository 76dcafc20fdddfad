namespace Docket.Functions.Hosting;

/// <summary>Limits every HTTP function runs under.</summary>
public sealed class HttpFunctionOptions
{
    public const string SectionName = "Docket:Http";

    /// <summary>
    /// The most time a request may spend on storage before it answers 503 with Retry-After; storage calls stop
    /// retrying when it is spent (<see cref="Application.Configuration.RequestDeadline"/>).
    /// </summary>
    public TimeSpan RequestBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The storage budget of an items upload, counted from when its body has arrived: a large file on an ordinary
    /// link spends longer than <see cref="RequestBudget"/> arriving, and the file's tasks or chunks are more
    /// storage work than any other request does.
    /// </summary>
    public TimeSpan UploadBudget { get; set; } = TimeSpan.FromMinutes(2);
}
