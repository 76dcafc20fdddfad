using Docket.Application.Upload;
using Docket.Functions.Authorization;
using Docket.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Docket.Functions.Upload;

public sealed class ItemsFunctions(ItemsIngestion ingestion, IOptions<IngestionOptions> options)
{
    [Function(nameof(UploadItems))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> UploadItems(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/items")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var limit = options.Value.MaxBodyBytes;
        var tooLarge = Problems.PayloadTooLarge(
            $"Items files over {limit / (1024 * 1024)} MB cannot be posted; write the file to the blob container 'items-drops' as '{projectId}/<name>.json' instead.");
        if (request.ContentLength > limit) return tooLarge;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length > limit) return tooLarge;
        if (body.Length == 0) return Problems.Validation("$", "the body must be an items file (a JSON array)");

        var outcome = await ingestion.IngestAsync(access.Project, body.GetBuffer().AsMemory(0, (int)body.Length), access.Caller.Email, null, null,
            cancellationToken);
        return outcome switch
        {
            IngestionOutcome.Invalid invalid => Problems.Validation(invalid.Errors, $"{invalid.Errors.Count} problems found in the items file; no task was created."),
            IngestionOutcome.Done done => Results.Json(new
            {
                created = done.Created.Select(t => new { taskId = t.TaskId, name = t.Name }),
                existing = done.Existing.Select(t => new { taskId = t.TaskId, name = t.Name }),
            }, DocketJson.Options),
            IngestionOutcome.Started started => Results.Accepted($"/api/projects/{projectId}/uploads/{started.Upload.UploadId}",
                new { uploadId = started.Upload.UploadId, status = started.Upload.Status.ToString(), total = started.Upload.Total }),
            _ => throw new InvalidOperationException(),
        };
    }

    [Function(nameof(GetUpload))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> GetUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/uploads/{uploadId}")] HttpRequest request,
        string projectId, string uploadId, CancellationToken cancellationToken)
    {
        var upload = await ingestion.DescribeAsync(projectId, uploadId, cancellationToken);
        return upload is null ? Problems.NotFound($"Upload '{uploadId}' was not found in project '{projectId}'.") : Results.Json(upload, DocketJson.Options);
    }
}
