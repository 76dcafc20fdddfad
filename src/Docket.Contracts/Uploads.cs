using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Docket.Contracts;

[Description("A task an upload created or found already there.")]
public sealed record UploadedTask(string TaskId, string Name);

[Description("A small items file, ingested in the request: the tasks it created and those that already existed.")]
public sealed record UploadDone(IReadOnlyList<UploadedTask> Created, IReadOnlyList<UploadedTask> Existing);

[Description("A large items file, accepted: it is ingested in the background; follow it at the upload's URL.")]
public sealed record UploadAccepted(
    string UploadId,
    [property: AllowedValues("Ingesting", "Completed", "Failed")] string Status,
    int Total);

[Description("A page of a project's large uploads, newest first.")]
public sealed record UploadPage(IReadOnlyList<UploadStatus> Uploads, string? NextCursor);

[Description("A large upload: its status and counts so far (also the report a dropped file gets).")]
public sealed record UploadStatus(
    string UploadId,
    [property: AllowedValues("Ingesting", "Completed", "Failed")] string Status,
    int Total,
    [property: Description("Tasks this upload created (a re-upload finds the same names and counts them existing).")]
    int Created,
    int Existing,
    int Chunks,
    int ChunksDone,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    [property: Description("Every problem of a refused file (a dropped file's report).")]
    IReadOnlyList<FieldError> Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Failure = null)
{
    [JsonIgnore]
    public bool IsFinished => Status is "Completed" or "Failed";
}
