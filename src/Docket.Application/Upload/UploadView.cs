using System.Text.Json.Serialization;
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
    IReadOnlyList<ValidationError> Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Failure)
{
    public static UploadView From(UploadRecord upload, UploadCounts counts) => new(
        upload.UploadId, upload.Status.ToString(), upload.Total, counts.Created, counts.Existing, upload.ChunkCount,
        counts.ChunksDone, upload.CreatedAt, upload.CompletedAt, upload.Errors, upload.Failure);
}
