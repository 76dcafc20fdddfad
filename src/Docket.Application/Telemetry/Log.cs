using Microsoft.Extensions.Logging;

namespace Docket.Application.Telemetry;

/// <summary>
/// Every log line of the use cases, source-generated (no boxing or parsing per call) with a stable event id an
/// alert or a query can name: 11xx uploads, 12xx stage moves, 13xx rebalancing, 14xx reindexing, 15xx events and
/// webhooks.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1101, LogLevel.Information,
        "Upload {UploadId} for project {ProjectId}: {Total} entries in {Chunks} chunks, {Sent} sent")]
    public static partial void UploadStarted(this ILogger logger, string uploadId, string projectId, int total,
        int chunks, int sent);

    [LoggerMessage(1102, LogLevel.Warning, "Upload {UploadId} failed before ({Failure}); sent again, it is resumed")]
    public static partial void UploadResumed(this ILogger logger, string uploadId, string? failure);

    [LoggerMessage(1103, LogLevel.Warning, "Chunk {Chunk} names unknown upload {UploadId}; dropped")]
    public static partial void ChunkOfUnknownUpload(this ILogger logger, int chunk, string uploadId);

    [LoggerMessage(1104, LogLevel.Information, "Upload {UploadId} completed: {Created} created, {Existing} existing")]
    public static partial void UploadCompleted(this ILogger logger, string uploadId, int created, int existing);

    [LoggerMessage(1105, LogLevel.Error, "Upload {UploadId} failed: {Reason}")]
    public static partial void UploadFailed(this ILogger logger, string uploadId, string reason);

    [LoggerMessage(1106, LogLevel.Error, "Indexing upload records written before the indexes failed")]
    public static partial void UploadIndexingFailed(this ILogger logger, Exception exception);

    [LoggerMessage(1107, LogLevel.Information, "Deleted {Expired} finished upload records past retention")]
    public static partial void UploadRecordsExpired(this ILogger logger, int expired);

    [LoggerMessage(1108, LogLevel.Warning, "Upload {UploadId}: asked again for {Chunks} chunks")]
    public static partial void ChunksAskedAgain(this ILogger logger, string uploadId, int chunks);

    [LoggerMessage(1109, LogLevel.Error, "Sweep of upload {UploadId} failed; the others go on")]
    public static partial void UploadSweepFailed(this ILogger logger, Exception exception, string uploadId);

    [LoggerMessage(1110, LogLevel.Error, "Items drop {Report} failed on every delivery; reported as failed")]
    public static partial void ItemsDropFailedEveryDelivery(this ILogger logger, string report);

    [LoggerMessage(1111, LogLevel.Error, "Message on {Queue}: {Field} {Problem}; dropped")]
    public static partial void DropMessageInvalidText(this ILogger logger, string queue, string field, string problem);

    [LoggerMessage(1112, LogLevel.Error, "Message on {Queue} is not JSON ({Reason}); dropped")]
    public static partial void DropMessageNotJson(this ILogger logger, string queue, string reason);

    [LoggerMessage(1113, LogLevel.Error,
        "Message on {Queue} needs \"projectId\" and either \"blob\" or \"items\"; dropped")]
    public static partial void DropMessageIncomplete(this ILogger logger, string queue);

    [LoggerMessage(1114, LogLevel.Error,
        "Message on {Queue}: \"projectId\" must be 3-40 characters of a-z, 0-9 and '-'; dropped")]
    public static partial void DropMessageBadProject(this ILogger logger, string queue);

    [LoggerMessage(1115, LogLevel.Information, "Items drop {Report} for {ProjectId}: {Outcome}")]
    public static partial void ItemsDropHandled(this ILogger logger, string report, string projectId,
        string outcome);

    [LoggerMessage(1201, LogLevel.Information, "Task {TaskId} in {ProjectId} is now in {Stage} ({Status})")]
    public static partial void TaskArrived(this ILogger logger, string taskId, string projectId, string stage,
        string status);

    [LoggerMessage(1202, LogLevel.Error, "Move sweep of project {ProjectId} failed; the others go on")]
    public static partial void MoveSweepOfProjectFailed(this ILogger logger, Exception exception, string projectId);

    [LoggerMessage(1203, LogLevel.Warning, "Move sweep: re-sent {Resent} pending moves, {Stuck} stuck")]
    public static partial void MovesResent(this ILogger logger, int resent, int stuck);

    [LoggerMessage(1204, LogLevel.Error,
        "Task {TaskId} in {ProjectId} is stuck: its move {MoveId} from {Stage} has been pending since " +
        "{RequestedAt}; re-sent (attempt {Attempt}); an admin may retry or cancel it")]
    public static partial void MoveStuck(this ILogger logger, string taskId, string projectId, string moveId,
        string stage, DateTimeOffset requestedAt, int attempt);

    [LoggerMessage(1301, LogLevel.Information, "Removed {Orphans} orphaned queue rows in {ProjectId}")]
    public static partial void OrphanQueueRowsRemoved(this ILogger logger, int orphans, string projectId);

    [LoggerMessage(1302, LogLevel.Error, "Folding the counters of project {ProjectId} failed; the pass goes on")]
    public static partial void CounterFoldFailed(this ILogger logger, Exception exception, string projectId);

    [LoggerMessage(1303, LogLevel.Information,
        "Rebalanced {ProjectId}: released {Released} ({Drafts} drafts discarded), left {SkippedManual} manual " +
        "holds, healed {Healed} moves ({Stuck} stuck) in {Duration} ms")]
    public static partial void Rebalanced(this ILogger logger, string projectId, int released, int drafts,
        int skippedManual, int healed, int stuck, long duration);

    [LoggerMessage(1401, LogLevel.Warning, "Reindex {ReindexId} of {ProjectId} had stalled; resumed")]
    public static partial void ReindexResumed(this ILogger logger, string reindexId, string projectId);

    [LoggerMessage(1402, LogLevel.Information,
        "Reindex page of {ProjectId} shard {Shard} is not of a running reindex; dropped")]
    public static partial void ReindexPageDropped(this ILogger logger, string projectId, int shard);

    [LoggerMessage(1403, LogLevel.Information, "Reindex {ReindexId} of {ProjectId} done: {Indexed} tasks indexed")]
    public static partial void ReindexDone(this ILogger logger, string reindexId, string projectId, int indexed);

    [LoggerMessage(1404, LogLevel.Warning, "Reindex {ReindexId}: progress of shard {Shard} not recorded")]
    public static partial void ReindexProgressNotRecorded(this ILogger logger, string reindexId, int shard);

    [LoggerMessage(1501, LogLevel.Information,
        "Pruned {Entries} feed entries and {Deliveries} deliveries older than {Before:o}")]
    public static partial void EventsPruned(this ILogger logger, int entries, int deliveries, DateTimeOffset before);

    [LoggerMessage(1502, LogLevel.Warning, "Webhook {WebhookId} of {ProjectId}: dispatch pass failed")]
    public static partial void WebhookPassFailed(this ILogger logger, Exception exception, string webhookId,
        string projectId);

    [LoggerMessage(1503, LogLevel.Warning,
        "Webhook {WebhookId} of {ProjectId} disabled: deliveries failing since {Since:o}")]
    public static partial void WebhookDisabled(this ILogger logger, string webhookId, string projectId,
        DateTimeOffset since);
}
