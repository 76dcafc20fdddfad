namespace Docket.Client;

/// <summary>A task an upload created or found already there.</summary>
public sealed record UploadedTask(string TaskId, string Name);

/// <summary>
/// The state of a large upload being ingested in chunks. Status is Ingesting, Completed or Failed.
/// </summary>
public sealed record UploadStatus(
    string UploadId,
    string Status,
    int Total,
    int Created,
    int Existing,
    int Chunks,
    int ChunksDone,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<DocketFieldError>? Errors,
    string? Failure)
{
    public bool IsFinished => Status is "Completed" or "Failed";
}

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
