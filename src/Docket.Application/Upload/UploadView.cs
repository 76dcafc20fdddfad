using Docket.Domain.Validation;

namespace Docket.Application.Upload;

/// <summary>An upload as a client sees it: status and counts so far (also the report a drop gets).</summary>
public sealed record UploadView(
    string UploadId,
    string Status,
    int Total,
    int Created,
    int Existing,
    int Chunks,
    int ChunksDone,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<ValidationError> Errors);
