using System.Globalization;
using System.Text.Json;
using Docket.Application.Configuration;
using Docket.Application.Ports;
using Docket.Domain.Events;
using Microsoft.Extensions.Logging;
using Docket.Application.Telemetry;

namespace Docket.Application.Upload;

/// <summary>
/// Ends an upload: Completed once every chunk is done, or Failed with the reason. Either way the chunk rows are
/// folded into the record (so its counts stay right), then the drop report is written, then the chunk blobs and
/// rows are deleted; the record stays for GET …/uploads/{id}. Each step can run twice or on two hosts at once: the
/// status changes under the record's ETag, and the rest is idempotent (the sweep finishes what a crash left). The
/// record is also the outbox of the upload's event: until it is marked cleaned up, its upload.completed or
/// upload.failed is written to the project's feed (once, whoever gets there first).
/// </summary>
public sealed class UploadFinisher(IUploadStore uploads, IProjectStore projects, IEventFeed feed, TimeProvider clock,
    ILogger<UploadFinisher> logger)
{
    static readonly JsonSerializerOptions Json = StoredJson.Options;

    public async Task CompleteIfFinishedAsync(string uploadId, CancellationToken cancellationToken)
    {
        var found = await uploads.GetAsync(uploadId, cancellationToken);
        if (found is not ({ Status: UploadStatus.Ingesting } upload, var version)) return;
        var chunks = await uploads.ReadChunksAsync(uploadId, cancellationToken);
        var counts = UploadCounts.Of(chunks.Select(c => c.Chunk));
        if (counts.ChunksDone < upload.ChunkCount) return;

        var completed = upload with
        {
            Status = UploadStatus.Completed,
            CompletedAt = clock.GetUtcNow(),
            Counts = counts,
        };
        // Losing the race means another attempt ended the upload first; it cleans up.
        if (!await uploads.TryReplaceAsync(completed, version, cancellationToken)) return;
        logger.UploadCompleted(uploadId, counts.Created, counts.Existing);
        await CleanUpAsync(completed, cancellationToken);
    }

    /// <summary>Fails the upload because <paramref name="chunk"/> used up its attempts.</summary>
    public async Task FailAsync(string uploadId, UploadChunk chunk, CancellationToken cancellationToken)
    {
        var found = await uploads.GetAsync(uploadId, cancellationToken);
        if (found is not ({ Status: UploadStatus.Ingesting } upload, var version)) return;
        var reason = string.Create(CultureInfo.InvariantCulture,
                         $"chunk {chunk.Chunk} (of {upload.ChunkCount}, numbered from 0) failed ")
                     + string.Create(CultureInfo.InvariantCulture, $"{chunk.Attempts} attempts; last error: ")
                     + (chunk.LastError ?? "none recorded (the last attempt did not finish)");
        var chunks = await uploads.ReadChunksAsync(uploadId, cancellationToken);
        var failed = upload with
        {
            Status = UploadStatus.Failed,
            CompletedAt = clock.GetUtcNow(),
            Counts = UploadCounts.Of(chunks.Select(c => c.Chunk)),
            Failure = reason,
        };
        if (!await uploads.TryReplaceAsync(failed, version, cancellationToken)) return;
        logger.UploadFailed(uploadId, reason);
        await CleanUpAsync(failed, cancellationToken);
    }

    /// <summary>Sends the finished upload's event, writes its report (for a drop) and deletes its chunks.</summary>
    public async Task CleanUpAsync(UploadRecord finished, CancellationToken cancellationToken)
    {
        var counts = finished.Counts ?? UploadCounts.Of(
            (await uploads.ReadChunksAsync(finished.UploadId, cancellationToken)).Select(c => c.Chunk));
        var view = UploadView.From(finished, counts);
        if (await projects.GetRecentAsync(finished.ProjectId, cancellationToken) is { } project)
            await feed.AppendUploadEventAsync(project, view, finished.Status == UploadStatus.Completed
                ? OutboundEventTypes.UploadCompleted
                : OutboundEventTypes.UploadFailed, cancellationToken);
        if (finished.ReportBlob is not null)
            await uploads.WriteReportAsync(finished.ReportBlob, JsonSerializer.SerializeToUtf8Bytes(view, Json),
                cancellationToken);
        await uploads.DeleteChunksAsync(finished, cancellationToken);
        await uploads.MarkCleanedUpAsync(finished, cancellationToken);
    }
}
