namespace Docket.Client;

/// <summary>What a POST of an items file answered: a small file is done, a large one has been accepted.</summary>
public sealed record UploadStart
{
    /// <summary>The finished result of a small file, ingested in the request.</summary>
    public UploadResult? Result { get; init; }
    /// <summary>The id of a large file's upload, to poll until it completes.</summary>
    public string? UploadId { get; init; }
    public int Total { get; init; }
}

/// <summary>
/// The outcome of an upload. A small file lists its tasks; a large one gives counts only. "Created" means created
/// by this upload: a re-upload finds the same names and counts them as existing.
/// </summary>
public sealed record UploadResult(
    string? UploadId,
    string Status,
    int Total,
    int Created,
    int Existing,
    IReadOnlyList<UploadedTask> CreatedTasks,
    IReadOnlyList<UploadedTask> ExistingTasks,
    string? Failure = null);

public enum UploadPhase
{
    /// <summary>The file is being sent.</summary>
    Sending,
    /// <summary>Sent; the server is validating it (and, for a small file, creating its tasks).</summary>
    Validating,
    /// <summary>A large file's chunks are being ingested.</summary>
    Ingesting,
    Completed,
    Failed,
}

/// <summary>Where an upload stands; reported through <see cref="IProgress{T}"/>.</summary>
public sealed record UploadProgress(
    UploadPhase Phase, long BytesSent, long TotalBytes, int TasksDone, int TotalTasks, string? UploadId);
