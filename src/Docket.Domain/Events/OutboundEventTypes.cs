namespace Docket.Domain.Events;

/// <summary>
/// The events Docket sends out (webhooks and the event feed): one wire name each. A subscription names some of
/// them, or <see cref="Any"/>.
/// </summary>
public static class OutboundEventTypes
{
    public const string TaskCreated = "task.created";

    /// <summary>Any new holder: a claim, a manual assignment, a pre-assignment, a reject back to the labeler.</summary>
    public const string TaskAssigned = "task.assigned";

    /// <summary>The holder is gone: unassigned by an admin or released by rebalancing.</summary>
    public const string TaskUnassigned = "task.unassigned";

    public const string TaskSubmitted = "task.submitted";
    public const string TaskSkipped = "task.skipped";
    public const string TaskIssueRaised = "task.issue_raised";
    public const string TaskIssueResolved = "task.issue_resolved";

    /// <summary>The holder finished the stage (with the review decision in a review stage).</summary>
    public const string TaskFinalized = "task.finalized";

    public const string TaskEnteredStage = "task.entered_stage";

    /// <summary>The task entered Ground Truth.</summary>
    public const string TaskCompleted = "task.completed";

    public const string TaskPriorityChanged = "task.priority_changed";
    public const string TaskDeleted = "task.deleted";
    public const string UploadCompleted = "upload.completed";
    public const string UploadFailed = "upload.failed";
    public const string MoveStuck = "move.stuck";

    /// <summary>Sent to one webhook on request, to check it receives.</summary>
    public const string WebhookPing = "webhook.ping";

    /// <summary>A subscription to every event type.</summary>
    public const string Any = "*";

    /// <summary>Every type a subscription may name.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        TaskCreated, TaskAssigned, TaskUnassigned, TaskSubmitted, TaskSkipped, TaskIssueRaised, TaskIssueResolved,
        TaskFinalized, TaskEnteredStage, TaskCompleted, TaskPriorityChanged, TaskDeleted, UploadCompleted,
        UploadFailed, MoveStuck,
    ];
}
