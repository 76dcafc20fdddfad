using System.Net;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Client;

public sealed class TaskClientTests
{
    [Fact]
    public async Task Tasks_are_found_on_the_Data_Page_read_one_by_one_with_their_trail()
    {
        var world = await ClientWorld.CreateAsync("cli-read");
        await world.UploadSampleAsync();

        var unassigned = await world.Admin.ListTasksAsync(world.ProjectId,
            new TaskQuery { Search = TaskSearch.Unassigned, Stage = "Label" });
        var lenas = await world.Lena.ListTasksAsync(world.ProjectId);
        var study03 = await world.Admin.GetTaskAsync(world.ProjectId, TaskIds.FromName("study03"));
        var trail = await world.Admin.GetTaskEventsAsync(world.ProjectId, study03.TaskId);

        Assert.Equal(["study02", "study03", "study04", "xray-legacy-05"], unassigned.Tasks.Select(t => t.Name));
        Assert.Null(unassigned.NextCursor);
        var study01 = Assert.Single(lenas.Tasks);
        Assert.Equal(("study01", "ASSIGNED", "preAssign", 0.95m), (study01.Name, study01.Status, study01.AssignedBy,
            study01.Priority!.Value));
        Assert.Equal(0.123456789m, study03.Priority);
        Assert.Equal("created", Assert.Single(trail).Type);
    }

    [Fact]
    public async Task Priorities_are_set_exactly_and_tasks_assigned_and_unassigned()
    {
        var world = await ClientWorld.CreateAsync("cli-prio");
        await world.UploadSampleAsync();
        string Id(string name) => TaskIds.FromName(name);

        var priorities = await world.Admin.SetPrioritiesAsync(world.ProjectId,
            [new PriorityChange(Id("study02"), 0.75m), new PriorityChange(Id("study04"), 0.000000001m),
                new PriorityChange(Id("study03"), null)]);
        var assigned = await world.Admin.AssignTasksAsync(world.ProjectId, [Id("study02"), Id("study04")],
            ClientWorld.LenaEmail);
        var unassigned = await world.Admin.UnassignTasksAsync(world.ProjectId, [Id("study04")]);
        var queue = await world.Admin.GetQueueAsync(world.ProjectId, "Label", ClientWorld.LenaEmail);

        Assert.Equal([("study02", 0.75m), ("study03", (decimal?)null), ("study04", 0.000000001m)],
            priorities.OrderBy(p => p.Name).Select(p => (p.Name!, p.Priority)));
        Assert.Equal(["study02", "study04"], assigned.Select(a => a.Name).Order());
        Assert.Equal("study04", Assert.Single(unassigned).Name);
        Assert.Equal(("Label", ClientWorld.LenaEmail), (queue.StageName, queue.Assignee));
        Assert.Equal(["study01", "study02"], queue.Tasks.Select(t => t.Name));
        Assert.Equal("UNASSIGNED", (await world.Admin.GetTaskAsync(world.ProjectId, Id("study04"))).Status);
    }

    [Fact]
    public async Task The_assignee_takes_saves_submits_and_finalizes_their_next_task()
    {
        var world = await ClientWorld.CreateAsync("cli-work");
        await world.UploadSampleAsync();

        var nothingToReview = await world.Rami.NextAsync(world.ProjectId, "Review_1");
        var next = await world.Lena.NextAsync(world.ProjectId, "Label");
        var saved = await world.Lena.SaveTaskAsync(world.ProjectId, next!.TaskId);
        var submitted = await world.Lena.SubmitTaskAsync(world.ProjectId, next.TaskId);
        var finalized = await world.Lena.FinalizeTaskAsync(world.ProjectId, next.TaskId);
        var wrongStage = await Assert.ThrowsAsync<DocketApiException>(() => world.Lena.NextAsync(world.ProjectId,
            "Review_1"));

        Assert.Null(nothingToReview);
        Assert.Equal("study01", next.Name);
        Assert.Equal(("IN_PROGRESS", "STAGED"), (saved.Status, submitted.Status));
        Assert.Equal(("Finalize", "Label"), (finalized.PendingMove!.Kind, finalized.PendingMove.FromStage));
        Assert.Equal(HttpStatusCode.Forbidden, wrongStage.Status);
        var reviewed = await Eventually.HoldsAsync(() => world.Rami.NextAsync(world.ProjectId, "Review_1"), t
            => t is not null,
            because: "the finalized task reaches rami's review queue (he is preassigned)");
        var accepted = await world.Rami.FinalizeTaskAsync(world.ProjectId, reviewed!.TaskId, ReviewDecision.Accept);
        Assert.Equal(("study01", "Accept"), (reviewed.Name, accepted.PendingMove!.Kind));
    }

    [Fact]
    public async Task A_task_is_skipped_an_issue_raised_and_resolved()
    {
        var world = await ClientWorld.CreateAsync("cli-issue");
        await world.UploadSampleAsync();
        await world.Lena.NextAsync(world.ProjectId, "Label");
        var queue = await world.Lena.GetQueueAsync(world.ProjectId, "Label");

        var skipped = await world.Lena.SkipTaskAsync(world.ProjectId, queue.Tasks[0].TaskId);
        var raised = await world.Lena.RaiseIssueAsync(world.ProjectId, queue.Tasks[1].TaskId,
            "The series is truncated.");
        var resolved = await world.Admin.ResolveIssueAsync(world.ProjectId, raised.TaskId, "Re-exported.");
        var notHers = await Assert.ThrowsAsync<DocketApiException>(() => world.Admin.SaveTaskAsync(world.ProjectId,
            raised.TaskId));

        Assert.Equal("SKIPPED", skipped.Status);
        Assert.Equal(("PROBLEM", "The series is truncated."), (raised.Status, raised.IssueComment));
        Assert.Equal(("ASSIGNED", ClientWorld.LenaEmail), (resolved.Status, resolved.Assignee));
        Assert.Equal(HttpStatusCode.Forbidden, notHers.Status);
    }

    [Fact]
    public async Task An_admin_moves_a_task_to_another_stage()
    {
        var world = await ClientWorld.CreateAsync("cli-move");
        await world.UploadSampleAsync();
        var taskId = TaskIds.FromName("study04");

        var moved = await world.Admin.MoveTasksAsync(world.ProjectId, [taskId], "Review_1");
        var arrived = await Eventually.HoldsAsync(() => world.Admin.GetTaskAsync(world.ProjectId, taskId),
            t => t.StageName == "Review_1" && t.PendingMove is null, because: "the move is carried out by the queue");

        Assert.Equal(("study04", "Label", "Review_1"), (Assert.Single(moved).Name!, moved[0].FromStage!,
            moved[0].ToStage!));
        Assert.Equal("UNASSIGNED", arrived.Status);
    }

    [Fact]
    public async Task The_Label_and_Review_buttons_take_and_list_work_from_the_stages_of_a_kind()
    {
        var world = await ClientWorld.CreateAsync("cli-kind");
        await world.UploadSampleAsync();

        var nothingToReview = await world.Rami.NextAsync(world.ProjectId, StageKind.Review);
        var next = await world.Lena.NextAsync(world.ProjectId, StageKind.Label);
        var noReviewStage = await Assert.ThrowsAsync<DocketApiException>(() => world.Lena.NextAsync(world.ProjectId,
            StageKind.Review));
        var hers = await world.Lena.GetQueueAsync(world.ProjectId, StageKind.Label);
        var asAdmin = await world.Admin.GetQueueAsync(world.ProjectId, StageKind.Label, ClientWorld.LenaEmail);
        var walked = new List<string>();
        await foreach (var task in world.Lena.EnumerateQueueAsync(world.ProjectId, StageKind.Label))
            walked.Add(task.Name);
        var notHers = await Assert.ThrowsAsync<DocketApiException>(() => world.Lena.GetQueueAsync(world.ProjectId,
            StageKind.Label, ClientWorld.RamiEmail));

        Assert.Null(nothingToReview);
        Assert.Equal(("study01", "Label", "ASSIGNED"), (next!.Name, next.StageName, next.Status));
        Assert.Equal(HttpStatusCode.Forbidden, noReviewStage.Status);
        Assert.Equal(("Label", ClientWorld.LenaEmail, (string?)null), (hers.Kind, hers.Assignee, hers.StageName));
        Assert.Equal("study01", hers.Tasks[0].Name);
        Assert.Equal(hers.Tasks.Select(t => t.TaskId), asAdmin.Tasks.Select(t => t.TaskId));
        Assert.Equal(hers.Tasks.Select(t => t.Name), walked);
        Assert.Equal(HttpStatusCode.Forbidden, notHers.Status);
    }

    [Fact]
    public async Task An_admin_retries_a_pending_move_then_cancels_it_and_the_task_stays_where_it_was()
    {
        var world = await ClientWorld.CreateAsync("cli-pending");
        await world.UploadSampleAsync();
        var taskId = TaskIds.FromName("study04");
        await world.StartMoveThatNeverAppliesAsync(taskId);

        var retried = await world.Admin.RetryMoveAsync(world.ProjectId, taskId);
        var memberMayNot = await Assert.ThrowsAsync<DocketApiException>(() => world.Lena.CancelMoveAsync(
            world.ProjectId, taskId));
        var cancelled = await world.Admin.CancelMoveAsync(world.ProjectId, taskId);
        var nothingToCancel = await Assert.ThrowsAsync<DocketApiException>(() => world.Admin.CancelMoveAsync(
            world.ProjectId, taskId));
        var nothingToRetry = await Assert.ThrowsAsync<DocketApiException>(() => world.Admin.RetryMoveAsync(
            world.ProjectId, taskId));
        var trail = await world.Admin.GetTaskEventsAsync(world.ProjectId, taskId);

        Assert.Equal(("Send", "Label", "Nowhere"), (retried.PendingMove!.Kind, retried.PendingMove.FromStage,
            retried.PendingMove.ToStage!));
        Assert.True(memberMayNot.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
            memberMayNot.Status.ToString());
        Assert.Null(cancelled.PendingMove);
        Assert.Equal(("Label", "UNASSIGNED"), (cancelled.StageName, cancelled.Status));
        Assert.Equal(HttpStatusCode.Conflict, nothingToCancel.Status);
        Assert.Equal(HttpStatusCode.Conflict, nothingToRetry.Status);
        Assert.Contains(trail, e => e.Type == "moveCancelled");
    }
}
