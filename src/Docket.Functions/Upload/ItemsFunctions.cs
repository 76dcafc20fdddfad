using System.Globalization;
using Docket.Application.Configuration;
using Docket.Application.Upload;
using Docket.Functions.Hosting;
using Microsoft.Extensions.Options;
using Api = Docket.Contracts;
using Docket.Functions.OpenApi;

namespace Docket.Functions.Upload;

public sealed class ItemsFunctions(
    ItemsIngestion ingestion,
    UploadList uploads,
    IOptions<IngestionOptions> options,
    IOptions<HttpFunctionOptions> http,
    TimeProvider clock)
{
    [Operation("Upload",
        "Upload an items file. The file is validated whole first: an invalid file answers 400 listing every problem " +
            "(entry, name, field, message) and nothing is written. Uploading the same names again creates nothing " +
            "twice. " +
            "Over 100 MB: 413, use the items-drops blob container.",
        Body = typeof(IReadOnlyList<Api.ItemsEntry>))]
    [Answers(200,
        "A small file (up to 5,000 entries and 4 MB), ingested in the request.",
        Body = typeof(Api.UploadDone))]
    [Answers(202,
        "A large file, being ingested in chunks: follow Location.",
        Body = typeof(Api.UploadAccepted),
        Header = "Location",
        HeaderDescription = "The upload's status URL.")]
    [Function(nameof(UploadItems))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> UploadItems(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/items")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var limit = options.Value.MaxBodyBytes;
        // Read into one array that never grows past the limit: a chunked body has no length to check up front.
        var body = await BoundedRead.ReadAsync(request.Body, request.ContentLength, limit, cancellationToken);
        if (body is not { } file)
        {
            return Problems.PayloadTooLarge(string.Create(CultureInfo.InvariantCulture,
                $"Items files over {limit:N0} bytes cannot be posted; write the file to the blob container " +
                $"'items-drops' as '{projectId}/<name>.json' instead."));
        }
        if (file.Length == 0)
            return Problems.Validation([new("$", "the body must be an items file (a JSON array)")], null,
                errorCount: 1);

        // The storage budget starts now that the file is here (its arrival is the client's link, not storage).
        RequestDeadline.Set(clock.GetUtcNow() + http.Value.UploadBudget);
        var outcome = await ingestion.IngestAsync(access.Project, file, access.Caller.Email, null,
            UploadIds.ForPost(projectId, file.Span), cancellationToken);
        return outcome switch
        {
            IngestionOutcome.Invalid invalid =>
                Problems.Validation(invalid.Errors, InvalidDetail(invalid), invalid.ErrorCount),
            IngestionOutcome.Done done => Results.Json(new Api.UploadDone(
                done.Created.Select(t => new Api.UploadedTask(t.TaskId, t.Name)).ToList(),
                done.Existing.Select(t => new Api.UploadedTask(t.TaskId, t.Name)).ToList()), DocketJson.Options),
            IngestionOutcome.Started started =>
                Results.Accepted($"/api/projects/{projectId}/uploads/{started.Upload.UploadId}",
                new Api.UploadAccepted(started.Upload.UploadId, started.Upload.Status.ToString(),
                    started.Upload.Total)),
            _ => throw new InvalidOperationException(),
        };
    }

    static string InvalidDetail(IngestionOutcome.Invalid invalid)
    {
        var listed = invalid.ErrorCount == invalid.Errors.Count
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $" (the first {invalid.Errors.Count:N0} are listed)");
        return string.Create(CultureInfo.InvariantCulture,
            $"{invalid.ErrorCount:N0} problems found in the items file{listed}; no task was created.");
    }

    [Operation("Upload", "The project's large uploads, newest first, each with its status and counts.")]
    [Answers(200, "A page of uploads.", Body = typeof(Api.UploadPage))]
    [QueryParameter("after", "The nextCursor of the previous page.")]
    [QueryParameter("limit", "Uploads per page.",
        Schema = """{"type":"integer","minimum":1,"maximum":100,"default":20}""")]
    [Function(nameof(ListUploads))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> ListUploads(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/uploads")]
        HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var errors = new List<Domain.Validation.ValidationError>();
        var limit = QueryLimit.Read(request, 20, UploadList.MaxLimit, errors);
        if (errors.Count > 0) return Problems.Validation(errors);
        var after = request.Query["after"].ToString() is { Length: > 0 } cursor ? cursor : null;
        if (await uploads.ReadAsync(projectId, after, limit, cancellationToken) is not { } page)
            return Problems.Validation("after", "is not a cursor this list gave");
        return Results.Json(new Api.UploadPage(page.Uploads.Select(UploadResponses.From).ToList(), page.NextCursor),
            DocketJson.Options);
    }

    [Operation("Upload", "A large upload's progress.")]
    [Answers(200, "The upload.", Body = typeof(Api.UploadStatus))]
    [Function(nameof(GetUpload))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> GetUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get",
            Route = "projects/{projectId}/uploads/{uploadId}")] HttpRequest request,
        string projectId, string uploadId, CancellationToken cancellationToken)
    {
        var upload = await ingestion.DescribeAsync(projectId, uploadId, cancellationToken);
        return upload is null
            ? Problems.NotFound($"Upload '{uploadId}' was not found in project '{projectId}'.")
            : Results.Json(UploadResponses.From(upload), DocketJson.Options);
    }
}
