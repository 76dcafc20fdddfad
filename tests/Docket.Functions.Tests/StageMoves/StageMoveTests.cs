using System.Net;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.StageMoves;

public sealed class StageMoveTests
{
    /// <summary>Waits for the queue to carry out the task's move and returns the task as it arrived.</summary>
    static Task<DocketTask> ArrivedAsync(ApiClient admin, string projectId, string taskId, string stage) =>
        Eventually.HoldsAsync(() => admin.Docket.GetTaskAsync(projectId, taskId),
            t => t.StageName == stage && t.PendingMove is null, because: $"the task reaches {stage}");

    [Fact]
    public async Task A_task_goes_label_review_reject_label_review_accept_ground_truth_with_priority_and_history()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("flow");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var labelerEmail = Scenario.UniqueEmail("labeler");
        var reviewerEmail = Scenario.UniqueEmail("reviewer");
        var labeler = await scenario.MemberAsync(projectId, labelerEmail, "Member", ["Label"]);
        var reviewer = await scenario.MemberAsync(projectId, reviewerEmail, "Member", ["Review_1"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("study", "0.700000001", new { Label = labelerEmail, Review_1 = reviewerEmail }),
                Items.Entry("other", "0.1")]);
        var taskId = ids["study"];
        var admin = scenario.OrgAdmin;

        var first = (await labeler.Docket.NextAsync(projectId, "Label"))!;
        Assert.Equal("study", first.Name);
        Assert.Equal("preAssign", first.AssignedBy);
        var finalized = await labeler.Docket.FinalizeTaskAsync(projectId, taskId);
        Assert.NotNull(finalized.PendingMove);

        var inReview = await ArrivedAsync(admin, projectId, taskId, "Review_1");
        Assert.Equal(reviewerEmail, inReview.Assignee);
        Assert.Equal("preAssign", inReview.AssignedBy);
        Assert.Equal("ASSIGNED", inReview.Status);

        await reviewer.Docket.FinalizeTaskAsync(projectId, taskId, ReviewDecision.Reject);
        var rejected = await ArrivedAsync(admin, projectId, taskId, "Label");
        Assert.Equal(labelerEmail, rejected.Assignee);
        Assert.Equal("reject", rejected.AssignedBy);
        Assert.Equal("FAILED", rejected.LastReview);

        // The rejected task is at the head of the labeler's queue again.
        Assert.Equal(taskId, (await labeler.Docket.NextAsync(projectId, "Label"))!.TaskId);
        await labeler.Docket.FinalizeTaskAsync(projectId, taskId);
        await ArrivedAsync(admin, projectId, taskId, "Review_1");
        await reviewer.Docket.FinalizeTaskAsync(projectId, taskId, ReviewDecision.Accept);

        var done = await ArrivedAsync(admin, projectId, taskId, "Ground Truth");
        Assert.Equal("COMPLETED", done.Status);
        Assert.Equal("PASSED", done.LastReview);
        Assert.Null(done.Assignee);
        Assert.Equal(0.700000001m, done.Priority);

        var events = (await admin.Docket.GetTaskEventsAsync(projectId, taskId))
            .Select(e => e.Type + (e.Details.GetValueOrDefault("stage") is { } stage ? ":" + stage : "")).ToArray();
        Assert.Equal(
        [
            "created:Label", "assigned:Label",
            "finalized:Label", "enteredStage:Review_1", "assigned:Review_1",
            "finalized:Review_1", "rejected:Review_1", "enteredStage:Label", "assigned:Label",
            "finalized:Label", "enteredStage:Review_1", "assigned:Review_1",
            "finalized:Review_1", "accepted:Review_1", "enteredStage:Ground Truth", "completed:Ground Truth",
        ], events);

        var groundTruth = await admin.Docket.ListTasksAsync(projectId,
            new TaskQuery { Search = TaskSearch.GroundTruth });
        Assert.Equal(taskId, Assert.Single(groundTruth.Tasks).TaskId);
    }

    [Fact]
    public async Task Finalize_checks_the_decision_the_state_and_who_is_asking()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("finalize");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var labelerEmail = Scenario.UniqueEmail("labeler");
        var labeler = await scenario.MemberAsync(projectId, labelerEmail, "Member", ["Label"]);
        var other = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("other"), "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("t", null, new { Label = labelerEmail })]);
        var path = $"api/projects/{projectId}/tasks/{ids["t"]}/finalize";

        Assert.Equal(HttpStatusCode.BadRequest, (await labeler.PostAsync(path, new { review = "accept" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await labeler.PostAsync(path, new { review = "maybe" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.OrgAdmin.PostAsync(path)).StatusCode);
        await labeler.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/{ids["t"]}/issue", new { comment = "?" });
        Assert.Equal(HttpStatusCode.Conflict, (await labeler.PostAsync(path)).StatusCode);
        await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/{ids["t"]}/resolve");
        await labeler.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, path);
        // A second finalize while the move is pending or after it is refused.
        var second = await labeler.PostAsync(path);
        Assert.True(second.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound,
            second.StatusCode.ToString());
    }

    [Fact]
    public async Task Admins_send_tasks_to_any_stage_and_back_from_ground_truth_and_unsampled_reviews_are_skipped()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("send");
        await scenario.ProjectAsync(projectId, reviewStages: 2);
        var admin = scenario.OrgAdmin.Docket;
        await admin.UpdateStageAsync(projectId, "Review_1", new UpdateStageRequest { ReviewPercent = 0 });
        var labelerEmail = Scenario.UniqueEmail("labeler");
        var labeler = await scenario.MemberAsync(projectId, labelerEmail, "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("a", "0.3", new { Label = labelerEmail }), Items.Entry("b")]);

        await labeler.Docket.FinalizeTaskAsync(projectId, ids["a"]);
        var skipped = await ArrivedAsync(scenario.OrgAdmin, projectId, ids["a"], "Review_2");
        Assert.Equal("UNASSIGNED", skipped.Status);

        await admin.MoveTasksAsync(projectId, [ids["a"], ids["b"]], "Ground Truth");
        Assert.Equal("COMPLETED", (await ArrivedAsync(scenario.OrgAdmin, projectId, ids["a"], "Ground Truth")).Status);
        await ArrivedAsync(scenario.OrgAdmin, projectId, ids["b"], "Ground Truth");

        await admin.MoveTasksAsync(projectId, [ids["a"]], "Label");
        // Entering Label again applies its preAssign; "b" has none and waits in the pool.
        var back = await ArrivedAsync(scenario.OrgAdmin, projectId, ids["a"], "Label");
        Assert.Equal(("ASSIGNED", labelerEmail, 0.3m), (back.Status, back.Assignee, back.Priority));
        await admin.MoveTasksAsync(projectId, [ids["b"]], "Review_2");
        var pooled = await ArrivedAsync(scenario.OrgAdmin, projectId, ids["b"], "Review_2");
        Assert.Equal(("UNASSIGNED", null), (pooled.Status, pooled.Assignee));

        var badMove = await Assert.ThrowsAsync<DocketApiException>(() =>
            labeler.Docket.MoveTasksAsync(projectId, [ids["a"]], "Label"));
        Assert.Equal(HttpStatusCode.Forbidden, badMove.Status);
        var unknown = await Assert.ThrowsAsync<DocketApiException>(() =>
            admin.MoveTasksAsync(projectId, [ids["a"], "missing"], "Review_9"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal(["stageName", "taskIds[1]"], unknown.Errors.Select(e => e.Field).Order());
    }
}
