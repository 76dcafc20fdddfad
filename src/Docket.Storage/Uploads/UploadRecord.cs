using Docket.Domain.Validation;

namespace Docket.Storage.Uploads;

public enum UploadStatus
{
    Validating,
    Ingesting,
    Completed,
    Failed,
}

/// <summary>
/// A large items file being ingested in chunks. <see cref="ReportBlob"/> is where a blob or queue drop wants its
/// result written (in the items-results container).
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
    IReadOnlyList<ValidationError> Errors);

/// <summary>What one chunk of an upload did.</summary>
public sealed record ChunkResult(int Chunk, int Created, int Existing);
