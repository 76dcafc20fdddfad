using Docket.Domain.Items;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Domain.Tests.Tasks;

public sealed class NewTaskTests
{
    static readonly Workflow Workflow = Workflow.WithReviewStages(1);
    static readonly DateTimeOffset CreatedAt = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset QueuedAt = CreatedAt.AddTicks(7);
    const string Uploader = "admin@example.com";

    static ItemsFileEntry Entry(Priority? priority = null, Dictionary<string, string>? preAssign = null) => new(
        Index: 3,
        Name: "study01",
        SeriesJson: """[{"name":"t1","items":"s3://bucket/t1.nii.gz"}]""",
        MetaData: new Dictionary<string, string> { ["site"] = "north" },
        Priority: priority,
        PreAssign: preAssign ?? new Dictionary<string, string>(),
        ClassificationJson: """{"label":"tumor"}""");

    static bool AnyoneMayWork(string email, string stage) => true;

    [Fact]
    public void An_entry_becomes_a_pool_task_in_the_first_stage()
    {
        var entry = Entry(Priority.FromBillionths(123_456_789));

        var (task, events) = NewTask.FromEntry(entry, Workflow, CreatedAt, QueuedAt, "upload-1",
            Uploader, AnyoneMayWork);

        Assert.Empty(events);
        Assert.Equal(TaskIdentity.IdFor("study01"), task.TaskId);
        Assert.Equal(("study01", "Label", AnnotationTaskStatus.Unassigned), (task.Name, task.StageName, task.Status));
        Assert.Null(task.Assignee);
        Assert.Null(task.AssignedBy);
        Assert.Equal(Priority.FromBillionths(123_456_789), task.Priority);
        Assert.Equal((CreatedAt, QueuedAt, CreatedAt), (task.CreatedAt, task.QueuedAt, task.UpdatedAt));
        Assert.Equal(1, task.Version);
        Assert.Equal(entry.SeriesJson, task.SeriesJson);
        Assert.Equal(entry.MetaData, task.MetaData);
        Assert.Equal(entry.ClassificationJson, task.ClassificationJson);
        Assert.Equal(("upload-1", Uploader), (task.UploadId, task.CreatedBy));
        Assert.Null(task.PendingMove);
        Assert.Null(task.LastReview);
        Assert.Null(task.Labeler);
    }

    [Fact]
    public void An_unprioritised_entry_gives_an_unprioritised_task()
    {
        var (task, _) = NewTask.FromEntry(Entry(), Workflow, CreatedAt, QueuedAt, null, Uploader, AnyoneMayWork);

        Assert.Null(task.Priority);
        Assert.Null(task.UploadId);
    }

    [Fact]
    public void PreAssign_for_the_first_stage_assigns_the_task_on_creation()
    {
        var asked = new List<(string, string)>();
        var entry = Entry(preAssign: new() { ["Label"] = "lena@example.com", ["Review_1"] = "rami@example.com" });

        var (task, events) = NewTask.FromEntry(entry, Workflow, CreatedAt, QueuedAt, "upload-1",
            Uploader, (email, stage) =>
        {
            asked.Add((email, stage));
            return true;
        });

        Assert.Equal([("lena@example.com", "Label")], asked);
        Assert.Equal((AnnotationTaskStatus.Assigned, "lena@example.com", AssignedBy.PreAssign),
            (task.Status, task.Assignee, task.AssignedBy));
        Assert.True(task.IsManuallyHeld);
        Assert.Equal(QueuedAt, task.QueuedAt);
        Assert.Equal(entry.PreAssign, task.PreAssign);
        var e = Assert.Single(events);
        Assert.Equal(("assigned", Uploader, "preAssign", CreatedAt), (e.Type, e.Actor, e.How, e.At));
        Assert.Equal("Label", e.Details["stage"]);
        Assert.Equal("lena@example.com", e.Details["assignee"]);
    }

    [Fact]
    public void PreAssign_to_someone_who_may_no_longer_work_leaves_the_task_in_the_pool_with_an_event()
    {
        var entry = Entry(preAssign: new() { ["Label"] = "gone@example.com" });

        var (task, events) = NewTask.FromEntry(entry, Workflow, CreatedAt, QueuedAt, "upload-1",
            Uploader, (_, _) => false);

        Assert.Equal(AnnotationTaskStatus.Unassigned, task.Status);
        Assert.Null(task.Assignee);
        Assert.Null(task.AssignedBy);
        var e = Assert.Single(events);
        Assert.Equal(("preAssignSkipped", Uploader, "preAssign"), (e.Type, e.Actor, e.How));
        Assert.Equal("Label", e.Details["stage"]);
        Assert.Equal("gone@example.com", e.Details["email"]);
    }

    [Fact]
    public void PreAssign_for_later_stages_waits_until_the_task_enters_them()
    {
        var entry = Entry(preAssign: new() { ["Review_1"] = "rami@example.com" });

        var (task, events) = NewTask.FromEntry(entry, Workflow, CreatedAt, QueuedAt, null, Uploader,
            (_, _) => throw new InvalidOperationException("nobody should be asked"));

        Assert.Empty(events);
        Assert.Equal(AnnotationTaskStatus.Unassigned, task.Status);
        Assert.Equal("rami@example.com", task.PreAssign["Review_1"]);
    }

    [Fact]
    public void The_same_name_always_gives_the_same_task_id()
    {
        var (first, _) = NewTask.FromEntry(Entry(), Workflow, CreatedAt, QueuedAt, "upload-1", Uploader, AnyoneMayWork);
        var (second, _) = NewTask.FromEntry(Entry(), Workflow.WithReviewStages(3), CreatedAt.AddDays(1),
            QueuedAt.AddDays(1), "upload-2", Uploader, AnyoneMayWork);

        Assert.Equal(first.TaskId, second.TaskId);
    }
}
