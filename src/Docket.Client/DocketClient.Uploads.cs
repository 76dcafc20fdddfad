using System.Net;
using System.Net.Http.Json;
using Docket.Client.Http;

namespace Docket.Client;

/// <summary>
/// Items files. A small file (up to 5,000 entries and 4 MB) is ingested in the request; a larger one is answered
/// 202 with an upload id and ingested in the background, which <see cref="WaitForUploadAsync"/> follows. Posting
/// a file again is safe and therefore retried: task ids come from names, so nothing is created twice.
/// </summary>
public sealed partial class DocketClient
{
    /// <summary>Uploads an items file and, for a large one, waits until every task is ingested.</summary>
    public async Task<UploadResult> UploadItemsAsync(string projectId, ReadOnlyMemory<byte> file,
        IProgress<UploadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var start = await StartUploadAsync(projectId, file, progress, cancellationToken);
        return start.Result ?? await WaitForUploadAsync(projectId, start.UploadId!, progress, cancellationToken);
    }

    public async Task<UploadResult> UploadItemsAsync(string projectId, Stream file,
        IProgress<UploadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return await UploadItemsAsync(projectId, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), progress,
            cancellationToken);
    }

    /// <summary>
    /// POST /api/projects/{projectId}/items (project admins): sends the file and returns what the server answered —
    /// the result of a small file, or the upload id of a large one. An invalid file throws a
    /// <see cref="DocketApiException"/> listing every problem.
    /// </summary>
    public async Task<UploadStart> StartUploadAsync(string projectId, ReadOnlyMemory<byte> file,
        IProgress<UploadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var content = new ProgressContent(file, sent =>
            progress?.Report(new UploadProgress(sent < file.Length ? UploadPhase.Sending : UploadPhase.Validating,
                sent, file.Length, 0, 0, null)));
        using var response = await SendAsync(Request(HttpMethod.Post, Route("projects", projectId, "items"), content,
            Retry.Safe),
            cancellationToken);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var accepted = await ReadAsync<UploadAccepted>(response, cancellationToken);
            progress?.Report(new UploadProgress(UploadPhase.Ingesting, file.Length, file.Length, 0, accepted.Total,
                accepted.UploadId));
            return new UploadStart { UploadId = accepted.UploadId, Total = accepted.Total };
        }
        var done = await ReadAsync<UploadDone>(response, cancellationToken);
        var total = done.Created.Count + done.Existing.Count;
        progress?.Report(new UploadProgress(UploadPhase.Completed, file.Length, file.Length, total, total, null));
        return new UploadStart
        {
            Total = total,
            Result = new UploadResult(null, "Completed", total, done.Created.Count, done.Existing.Count, done.Created,
                done.Existing),
        };
    }

    /// <summary>GET /api/projects/{projectId}/uploads (project admins): a page of large uploads, newest first.
    /// </summary>
    public Task<UploadPage> ListUploadsAsync(string projectId, string? after = null, int? limit = null,
        CancellationToken cancellationToken = default) =>
        SendAsync<UploadPage>(HttpMethod.Get, Route("projects", projectId, "uploads") + Query(("after", after),
                ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            null, Retry.Safe, cancellationToken);

    /// <summary>Every large upload of the project, newest first, following the cursor.</summary>
    public IAsyncEnumerable<UploadStatus> EnumerateUploadsAsync(string projectId,
        CancellationToken cancellationToken = default) =>
        WalkAsync(null, (cursor, ct) => ListUploadsAsync(projectId, cursor, null, ct),
            page => (page.Uploads, page.NextCursor), cancellationToken);

    /// <summary>GET /api/projects/{projectId}/uploads/{uploadId} (project admins): a large upload's progress.</summary>
    public Task<UploadStatus> GetUploadAsync(string projectId, string uploadId,
        CancellationToken cancellationToken = default) =>
        SendAsync<UploadStatus>(HttpMethod.Get, Route("projects", projectId, "uploads", uploadId), null, Retry.Safe,
            cancellationToken);

    /// <summary>
    /// Asks for a large upload's progress every <see cref="UploadPollInterval"/> until it completes or fails.
    /// </summary>
    public async Task<UploadResult> WaitForUploadAsync(string projectId, string uploadId,
        IProgress<UploadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var status = await GetUploadAsync(projectId, uploadId, cancellationToken);
            var phase = status.Status switch
            {
                "Completed" => UploadPhase.Completed,
                "Failed" => UploadPhase.Failed,
                _ => UploadPhase.Ingesting
            };
            progress?.Report(new UploadProgress(phase, 0, 0, status.Created + status.Existing, status.Total, uploadId));
            if (status.IsFinished)
                return new UploadResult(uploadId, status.Status, status.Total, status.Created, status.Existing, [],
                    [], status.Failure);
            await Task.Delay(UploadPollInterval, cancellationToken);
        }
    }
}
