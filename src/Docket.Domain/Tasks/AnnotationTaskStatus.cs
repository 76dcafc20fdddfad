using System.Text.Json.Serialization;

namespace Docket.Domain.Tasks;

/// <summary>
/// Where a task stands in its current stage (named AnnotationTask… to stay clear of System.Threading.Tasks).
/// </summary>
public enum AnnotationTaskStatus
{
    /// <summary>In the stage's pool, waiting for automatic assignment.</summary>
    [JsonStringEnumMemberName("UNASSIGNED")] Unassigned,
    [JsonStringEnumMemberName("ASSIGNED")] Assigned,
    /// <summary>Saved by the assignee.</summary>
    [JsonStringEnumMemberName("IN_PROGRESS")] InProgress,
    /// <summary>Submitted as a draft; pending finalization, still in the assignee's queue.</summary>
    [JsonStringEnumMemberName("STAGED")] Staged,
    /// <summary>Skipped: at the end of the assignee's queue.</summary>
    [JsonStringEnumMemberName("SKIPPED")] Skipped,
    /// <summary>An issue was raised: out of the queue until an admin or manager resolves it.</summary>
    [JsonStringEnumMemberName("PROBLEM")] Problem,
    /// <summary>Reached Ground Truth.</summary>
    [JsonStringEnumMemberName("COMPLETED")] Completed,
}

public static class AnnotationTaskStatusExtensions
{
    /// <summary>Statuses that hold a place in the assignee's queue and count towards the stage's queue size.</summary>
    public static bool IsInQueue(this AnnotationTaskStatus status) =>
        status is AnnotationTaskStatus.Assigned or AnnotationTaskStatus.InProgress
            or AnnotationTaskStatus.Staged or AnnotationTaskStatus.Skipped;

    /// <summary>Finalize completes the stage from these statuses only.</summary>
    public static bool CanFinalize(this AnnotationTaskStatus status) => status.IsInQueue();

    public static string ToApi(this AnnotationTaskStatus status) => status switch
    {
        AnnotationTaskStatus.Unassigned => "UNASSIGNED",
        AnnotationTaskStatus.Assigned => "ASSIGNED",
        AnnotationTaskStatus.InProgress => "IN_PROGRESS",
        AnnotationTaskStatus.Staged => "STAGED",
        AnnotationTaskStatus.Skipped => "SKIPPED",
        AnnotationTaskStatus.Problem => "PROBLEM",
        _ => "COMPLETED",
    };
}
