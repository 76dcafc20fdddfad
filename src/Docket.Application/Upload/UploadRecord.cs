using Docket.Domain.Validation;

namespace Docket.Application.Upload;

/// <summary>A large upload's state; the file is validated whole in the request that accepts it.</summary>
public enum UploadStatus
{
    Ingesting,
    Completed,
    Failed,
}

/// <summary>
/// A large items file being ingested in chunks. <see cref="ReportBlob"/> is where a blob or queue drop wants its
/// result written (in the items-results container). <see cref="Counts"/> is null while the upload is ingesting (the
/// chunk rows hold them) and set when it finishes, when the chunk rows are folded into it and removed;
/// <see cref="CleanedUp"/> says that removal (and the report) is done.
/// </summary>
public sealed record UploadRecord(
    string UploadId,
    string ProjectId,
    UploadStatus Status,
    int Total,
    int ChunkCount,
    string Actor,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? ReportBlob,
    IReadOnlyList<ValidationError> Errors)
{
    public UploadCounts? Counts { get; init; }

    /// <summary>Why the upload failed (which chunk, how many attempts, the last error).</summary>
    public string? Failure { get; init; }

    public bool CleanedUp { get; init; }
}

/// <summary>What an upload's finished chunks did.</summary>
public sealed record UploadCounts(int Created, int Existing, int ChunksDone)
{
    public static UploadCounts Of(IEnumerable<UploadChunk> chunks)
    {
        var done = chunks.Where(c => c.Done).ToList();
        return new UploadCounts(done.Sum(c => c.Created), done.Sum(c => c.Existing), done.Count);
    }
}

/// <summary>
/// One chunk of an upload: when its message was last sent, how often and when it was last attempted, the last
/// error, and once done what it created.
/// </summary>
public sealed record UploadChunk(int Chunk)
{
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? AttemptedAt { get; init; }
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public bool Done { get; init; }
    public int Created { get; init; }
    public int Existing { get; init; }

    /// <summary>The later of the last send and the last attempt.</summary>
    public DateTimeOffset? LastActivity => new[] { SentAt, AttemptedAt }.Max();
}
