using Docket.Client;
using Docket.Contracts;

namespace Docket.Cli.Output;

/// <summary>The columns each kind of result shows.</summary>
public static class Shapes
{
    public static readonly Column<DocketTask>[] Task =
    [
        new("taskId", t => t.TaskId), new("name", t => t.Name), new("stage", t => t.StageName), new("status", t
            => t.Status),
        new("assignee", t => t.Assignee), new("priority", t => t.Priority), new("queuedAt", t => t.QueuedAt),
        new("updatedAt", t => t.UpdatedAt),
    ];

    public static readonly Column<DocketTask>[] TaskDetail =
    [
        .. Task, new("assignedBy", t => t.AssignedBy), new("lastReview", t => t.LastReview), new("issueComment", t
            => t.IssueComment),
        new("pendingMove", t => t.PendingMove is { } m ? $"{m.Kind} from {m.FromStage}" + (m.ToStage is null ? ""
            : $" to {m.ToStage}") : null),
        new("metaData", t => t.MetaData is null ? null : string.Join(", ", t.MetaData.Select(p
            => $"{p.Key}={p.Value}"))),
    ];

    public static readonly Column<Project>[] Project =
    [
        new("projectId", p => p.ProjectId), new("name", p => p.Name), new("stages", p => p.Stages.Select(s => s.Name)),
        new("idleTimeoutMinutes", p => p.IdleTimeoutMinutes), new("shardCount", p => p.ShardCount), new("createdAt",
            p => p.CreatedAt),
    ];

    public static readonly Column<ProjectStage>[] Stage =
    [
        new("stage", s => s.Name), new("kind", s => s.Kind), new("autoAssign", s => s.AutoAssign), new("queueSize", s
            => s.QueueSize),
        new("reviewPercent", s => s.ReviewPercent), new("maxSkipped", s => s.MaxSkipped),
        new("skipHoldMinutes", s => s.SkipHoldMinutes),
    ];

    public static readonly Column<Member>[] Member =
    [
        new("email", m => m.Email), new("role", m => m.Role), new("stages", m => m.Stages), new("lastActiveAt", m
            => m.LastActiveAt),
    ];

    public static readonly Column<FieldError>[] Problem =
    [
        new("entry", e => e.Index), new("name", e => e.Name), new("field", e => e.Field), new("message", e
            => e.Message),
    ];

    public static readonly Column<TaskEvent>[] Event =
    [
        new("at", e => e.At), new("type", e => e.Type), new("actor", e => e.Actor), new("how", e => e.How),
        new("details", e => string.Join(", ", e.Details.Where(d => d.Value is not null).Select(d
            => $"{d.Key}={d.Value}"))),
    ];

    public static readonly Column<Webhook>[] Webhook =
    [
        new("webhookId", w => w.WebhookId), new("url", w => w.Url), new("events", w => w.Events),
        new("status", w => w.Status), new("disabledReason", w => w.DisabledReason),
        new("description", w => w.Description), new("createdAt", w => w.CreatedAt), new("secret", w => w.Secret),
    ];

    public static readonly Column<WebhookDelivery>[] Delivery =
    [
        new("deliveryId", d => d.DeliveryId), new("eventType", d => d.EventType), new("status", d => d.Status),
        new("attempts", d => d.Attempts), new("lastStatus", d => d.LastStatus), new("lastError", d => d.LastError),
        new("nextAttemptAt", d => d.NextAttemptAt),
    ];

    public static readonly Column<DocketEvent>[] FeedEvent =
    [
        new("timestamp", e => e.Timestamp), new("type", e => e.Type),
        new("name", e => e.Task?.Name ?? e.Upload?.UploadId),
        new("stage", e => e.Task?.StageName), new("status", e => e.Task?.Status ?? e.Upload?.Status),
        new("assignee", e => e.Task?.Assignee),
        new("id", e => e.Id),
    ];

    public static readonly Column<QueueInfo>[] Queue =
    [
        new("queue", q => q.Name), new("depth", q => q.Depth), new("oldestAgeSeconds", q => q.OldestAgeSeconds),
        new("poison", q => q.PoisonName), new("poisonDepth", q => q.PoisonDepth),
        new("poisonOldestAgeSeconds", q => q.PoisonOldestAgeSeconds),
    ];

    public static readonly Column<PoisonMessage>[] PoisonMessage =
    [
        new("messageId", m => m.MessageId), new("insertedOn", m => m.InsertedOn),
        new("dequeueCount", m => m.DequeueCount), new("body", m => m.Body),
    ];

    public static readonly Column<PoisonOutcome>[] PoisonOutcome =
    [
        new("queue", o => o.Queue), new("messages", o => o.Messages),
    ];

    public static readonly Column<PendingMoveInfo>[] PendingMove =
    [
        new("taskId", m => m.TaskId), new("name", m => m.Name), new("from", m => m.FromStage),
        new("to", m => m.ToStage), new("kind", m => m.Kind), new("decidedAt", m => m.DecidedAt),
        new("resends", m => m.Resends), new("lastResentAt", m => m.LastResentAt), new("stuck", m => m.Stuck),
    ];

    public static readonly Column<RebalanceReport>[] Rebalance =
    [
        new("queueRowsRead", r => r.QueueRowsRead), new("released", r => r.Released),
        new("draftsDiscarded", r => r.DraftsDiscarded), new("skippedManual", r => r.SkippedManual),
        new("healedMoves", r => r.HealedMoves), new("stuckMoves", r => r.StuckMoves),
        new("durationMs", r => r.DurationMs),
    ];

    public static readonly Column<ReindexRun>[] Reindex =
    [
        new("reindexId", r => r.ReindexId), new("status", r => r.Status), new("stalled", r => r.Stalled),
        new("indexed", r => r.Indexed), new("shards", r => r.Shards), new("shardsDone", r => r.ShardsDone),
        new("startedAt", r => r.StartedAt), new("completedAt", r => r.CompletedAt),
    ];

    public static readonly Column<UploadStatus>[] Upload =
    [
        new("uploadId", u => u.UploadId), new("status", u => u.Status), new("total", u => u.Total),
        new("created", u => u.Created), new("existing", u => u.Existing), new("chunks", u => u.Chunks),
        new("chunksDone", u => u.ChunksDone), new("createdAt", u => u.CreatedAt),
        new("completedAt", u => u.CompletedAt), new("failure", u => u.Failure),
    ];

    public static readonly Column<HealthReport>[] Health =
    [
        new("status", h => h.Status), new("storage", h => h.Storage), new("poisonMessages", h => h.PoisonMessages),
    ];

    public static Column<T>[] Outcome<T>(params Column<T>[] columns) where T : IBulkOutcome =>
        [new("taskId", o => o.TaskId), .. columns, new("outcome", o => o.Outcome ?? "changed"), new("error", o
            => o.Error)];
}
