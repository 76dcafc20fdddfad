using Docket.Domain.Tasks;

namespace Docket.Domain.Tests.Tasks;

/// <summary>
/// Tasks in a known state for the rule tests: created at 08:00, queued at 08:05, changed "now" at 10:00, with a
/// nine-decimal priority so that a rule which touched it would show.
/// </summary>
static class SampleTasks
{
    public static readonly DateTimeOffset Created = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Queued = Created.AddMinutes(5);
    public static readonly DateTimeOffset Now = Created.AddHours(2);
    public static readonly Priority Exact = Priority.FromBillionths(123_456_789);

    public const string Lena = "lena@example.com";
    public const string Rami = "rami@example.com";
    public const string Admin = "admin@example.com";

    public static AnnotationTask InPool(string stage = "Label", Priority? priority = null) => new()
    {
        TaskId = TaskIdentity.IdFor("study01"),
        Name = "study01",
        StageName = stage,
        Status = AnnotationTaskStatus.Unassigned,
        Priority = priority ?? Exact,
        CreatedAt = Created,
        QueuedAt = Queued,
        UpdatedAt = Created,
        Version = 3,
        SeriesJson = """[{"items":"s3://bucket/study01.nii.gz"}]""",
    };

    public static AnnotationTask HeldBy(string assignee, AnnotationTaskStatus status = AnnotationTaskStatus.Assigned,
        AssignedBy how = AssignedBy.Auto, string stage = "Label") =>
        InPool(stage) with
        {
            Status = status,
            Assignee = assignee,
            AssignedBy = how,
            SkippedAt = status == AnnotationTaskStatus.Skipped ? Queued.AddMinutes(30) : null,
            IssueComment = status == AnnotationTaskStatus.Problem ? "blurry" : null,
            UpdatedAt = Queued.AddMinutes(30),
        };

    public static AnnotationTask Completed() => InPool("Ground Truth") with { Status = AnnotationTaskStatus.Completed };

    /// <summary>A task in any status, as the rules would have left it.</summary>
    public static AnnotationTask InStatus(AnnotationTaskStatus status) => status switch
    {
        AnnotationTaskStatus.Unassigned => InPool(),
        AnnotationTaskStatus.Completed => Completed(),
        _ => HeldBy(Lena, status),
    };

    /// <summary>The change's new task, after checking the rule was not refused.</summary>
    public static AnnotationTask Accepted(TaskChange change)
    {
        Assert.False(change.IsRefused, change.Refusal?.Reason);
        return Assert.IsType<AnnotationTask>(change.Task);
    }

    public static TaskEvent SingleEvent(TaskChange change, string type)
    {
        var e = Assert.Single(change.Events);
        Assert.Equal(type, e.Type);
        return e;
    }
}
