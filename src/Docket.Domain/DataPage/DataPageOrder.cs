using System.Globalization;
using Docket.Domain.Tasks;

namespace Docket.Domain.DataPage;

/// <summary>The Data Page's search groups.</summary>
public enum TaskSearch
{
    ALL,
    UNASSIGNED,
    /// <summary>A person's whole labeling queue: Assigned, Saved, Pending finalization and Skipped.</summary>
    QUEUED,
    /// <summary>Saved or submitted work not yet finalized.</summary>
    DRAFT,
    SKIPPED,
    /// <summary>Finished the workflow (status COMPLETED).</summary>
    COMPLETED,
    /// <summary>Sent back by a review (last review FAILED).</summary>
    FAILED,
    /// <summary>An issue is open (status PROBLEM).</summary>
    ISSUES,
    /// <summary>In the Ground Truth stage.</summary>
    GROUNDTRUTH,
}

public enum TaskSort
{
    /// <summary>
    /// Assigned+prioritised, unassigned+prioritised, assigned, unassigned; priority then queuedAt inside each; Ground
    /// Truth last, latest first.
    /// </summary>
    Queued,
    /// <summary>
    /// Latest finalization first (in the kind of stage asked for, else any); tasks never finalized after, newest first.
    /// </summary>
    Recent,
}

/// <summary>Which finalization "recent" orders by.</summary>
public enum RecentKind
{
    Any,
    Label,
    Review,
}

/// <summary>
/// The Data Page's rules, pure: which listing a task is in and where it sorts, so that a page is the first rows of
/// ordered ranges. Each key compares ordinally.
/// </summary>
public static class DataPageOrder
{
    /// <summary>The status listing a task is in: pool, queue, issue or completed. Sub-searches filter these.</summary>
    public static char ViewOf(AnnotationTask task) => task.Status switch
    {
        AnnotationTaskStatus.Unassigned => 'U',
        AnnotationTaskStatus.Problem => 'I',
        AnnotationTaskStatus.Completed => 'C',
        _ => 'Q',
    };

    /// <summary>Whether a task belongs to a search group (the truth the listing rows are checked against).</summary>
    public static bool Matches(TaskSearch search, AnnotationTask task) => search switch
    {
        TaskSearch.UNASSIGNED => task.Status == AnnotationTaskStatus.Unassigned,
        TaskSearch.QUEUED => task.Status.IsInQueue(),
        TaskSearch.DRAFT => task.Status is AnnotationTaskStatus.InProgress or AnnotationTaskStatus.Staged,
        TaskSearch.SKIPPED => task.Status == AnnotationTaskStatus.Skipped,
        TaskSearch.COMPLETED => task.Status == AnnotationTaskStatus.Completed,
        TaskSearch.FAILED => task.LastReview == ReviewOutcome.Failed,
        TaskSearch.ISSUES => task.Status == AnnotationTaskStatus.Problem,
        TaskSearch.GROUNDTRUTH => task.StageName == Projects.Workflow.GroundTruthStage,
        _ => true,
    };

    /// <summary>
    /// The "queued" sort key: assigned+prioritised (0), unassigned+prioritised (1), assigned (2), unassigned (3), by
    /// priority then oldest queuedAt; tasks in Ground Truth (4) latest completion first.
    /// </summary>
    public static string QueuedKey(AnnotationTask task)
    {
        if (task.StageName == Projects.Workflow.GroundTruthStage)
            return string.Create(CultureInfo.InvariantCulture, $"4{Inverted(task.QueuedAt)}");
        var group = (task.Assignee is not null, task.Priority is not null) switch
        {
            (true, true) => '0',
            (false, true) => '1',
            (true, false) => '2',
            _ => '3',
        };
        return group + OrderKeys.ByPriorityThenAge(task.Priority, task.QueuedAt)[1..];
    }

    /// <summary>When the task was last finalized in that kind of stage, or null.</summary>
    public static DateTimeOffset? FinalizedAt(AnnotationTask task, RecentKind kind) => kind switch
    {
        RecentKind.Label => task.LabeledAt,
        RecentKind.Review => task.ReviewedAt,
        _ => Later(task.LabeledAt, task.ReviewedAt),
    };

    /// <summary>The "recent" sort key: finalized (0) latest first, then never finalized (1) newest first.</summary>
    public static string RecentKey(AnnotationTask task, RecentKind kind) =>
        FinalizedAt(task, kind) is { } finalized
            ? "0" + Inverted(finalized)
            : "1" + Inverted(task.CreatedAt);

    static string Inverted(DateTimeOffset instant) =>
        (DateTimeOffset.MaxValue.UtcTicks - instant.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
