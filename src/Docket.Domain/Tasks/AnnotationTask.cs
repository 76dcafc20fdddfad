namespace Docket.Domain.Tasks;

/// <summary>
/// One unit of work in a project. <see cref="Version"/> grows with every change and lets messages and index rows
/// recognise a task state they were not written for.
/// </summary>
public sealed record AnnotationTask
{
    public required string TaskId { get; init; }
    public required string Name { get; init; }
    public required string StageName { get; init; }
    public required AnnotationTaskStatus Status { get; init; }
    public string? Assignee { get; init; }
    public AssignedBy? AssignedBy { get; init; }
    public Priority? Priority { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>
    /// When the task entered its current stage (or went back to the pool keeping its place): the FCFS key.
    /// </summary>
    public required DateTimeOffset QueuedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When the assignee skipped it; skipped tasks come back in skip order.</summary>
    public DateTimeOffset? SkippedAt { get; init; }
    public required long Version { get; init; }
    public required string SeriesJson { get; init; }
    public IReadOnlyDictionary<string, string> MetaData { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> PreAssign { get; init; } = new Dictionary<string, string>();
    public string? ClassificationJson { get; init; }
    public ReviewOutcome? LastReview { get; init; }
    /// <summary>When the task was last finalized in a Label stage (its move carried out): "Recently Labeled".</summary>
    public DateTimeOffset? LabeledAt { get; init; }
    /// <summary>
    /// When the task was last finalized in a review stage (accepted or rejected): "Recently Reviewed".
    /// </summary>
    public DateTimeOffset? ReviewedAt { get; init; }
    /// <summary>Who finalized the task in the Label stage: a rejected review sends it back to them.</summary>
    public string? Labeler { get; init; }
    public string? IssueComment { get; init; }
    /// <summary>
    /// A decided stage move waiting for the queue to carry it out; the task is in nobody's queue meanwhile.
    /// </summary>
    public PendingMove? PendingMove { get; init; }
    /// <summary>The rebalancer's last note about a manual holder who is idle or gone, so it is recorded once.</summary>
    public string? HolderNotice { get; init; }
    /// <summary>Who created the task (the uploader, or the drop that brought it).</summary>
    public string? CreatedBy { get; init; }
    /// <summary>The upload that created the task, so a replayed chunk counts its own tasks as created.</summary>
    public string? UploadId { get; init; }

    /// <summary>A task held by a person outside automatic assignment is never re-assigned by the system.</summary>
    public bool IsManuallyHeld => Assignee is not null && AssignedBy is not (null or Tasks.AssignedBy.Auto);
}
