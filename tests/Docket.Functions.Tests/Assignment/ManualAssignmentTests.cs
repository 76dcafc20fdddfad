using System.Net;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Assignment;

public sealed class ManualAssignmentTests
{
    [Fact]
    public async Task Manually_assigned_tasks_are_never_taken_by_next_and_unassigning_returns_them_to_the_pool()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("manual");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("held", "1"), Items.Entry("free")]);
        var holderEmail = Scenario.UniqueEmail("holder");
        var holder = await scenario.MemberAsync(projectId, holderEmail, "Member", ["Label"]);
        var other = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("other"), "Member", ["Label"]);
        var manager = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("manager"), "Manager");

        var assigned = await manager.Docket.AssignTasksAsync(projectId, [ids["held"]], holderEmail.ToUpperInvariant());
        Assert.Equal("Label", Assert.Single(assigned).StageName);

        // The other member only ever gets the free task, although "held" has the higher priority.
        var next = (await other.Docket.NextAsync(projectId, "Label"))!;
        Assert.Equal("free", next.Name);
        await other.Docket.RaiseIssueAsync(projectId, ids["free"], "x");
        Assert.Null(await other.Docket.NextAsync(projectId, "Label"));

        var held = (await holder.Docket.NextAsync(projectId, "Label"))!;
        Assert.Equal("held", held.Name);
        Assert.Equal("manual", held.AssignedBy);

        // Reassign, then unassign: back in the pool where anyone may take it.
        var otherEmail = (await other.Docket.GetMeAsync()).Email;
        await manager.Docket.AssignTasksAsync(projectId, [ids["held"]], otherEmail);
        Assert.Null(await holder.Docket.NextAsync(projectId, "Label"));
        await manager.Docket.UnassignTasksAsync(projectId, [ids["held"]]);
        var again = (await holder.Docket.NextAsync(projectId, "Label"))!;
        Assert.Equal("held", again.Name);
        Assert.Equal("auto", again.AssignedBy);

        var events = await manager.Docket.GetTaskEventsAsync(projectId, ids["held"]);
        Assert.Equal(["created", "assigned", "reassigned", "unassigned", "assigned"], events.Select(e => e.Type));
    }

    [Fact]
    public async Task Bulk_assignment_validates_everything_first_and_changes_nothing_on_any_error()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("bulk");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("one"), Items.Entry("two")]);
        var reviewerEmail = Scenario.UniqueEmail("reviewer");
        var reviewer = await scenario.MemberAsync(projectId, reviewerEmail, "Member", ["Review_1"]);
        var labelerEmail = Scenario.UniqueEmail("labeler");
        await scenario.MemberAsync(projectId, labelerEmail, "Member", ["Label"]);

        using var noAccess = await scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/tasks/assign",
            new { taskIds = new[] { ids["one"], "aaaaaaaaaaaaaaaaaaaa", ids["two"] }, email = reviewerEmail });
        Assert.Equal(HttpStatusCode.BadRequest, noAccess.StatusCode);
        var fields = (await noAccess.JsonAsync())!["errors"]!.AsArray()
            .Select(e => e!["field"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["taskIds[0]", "taskIds[1]", "taskIds[2]"], fields);

        using var stranger = await scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/tasks/assign",
            new { taskIds = new[] { ids["one"] }, email = "nobody@example.com" });
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);

        // Nothing changed: both tasks are still in the pool.
        var pool = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks?search=UNASSIGNED"))!["tasks"]!.AsArray();
        Assert.Equal(2, pool.Count);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await reviewer.PostAsync($"api/projects/{projectId}/stages/Label/next")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsync($"api/projects/{projectId}/tasks/assign",
            new { taskIds = new[] { ids["one"] } })).StatusCode);

        var both = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/assign",
            new { taskIds = new[] { ids["one"], ids["two"] }, email = labelerEmail }))!.AsArray();
        Assert.Equal(2, both.Count);
    }

    [Fact]
    public async Task Stage_access_is_respected_and_switching_auto_assign_off_leaves_the_pool_alone()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("access");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        await Items.UploadNamesAsync(scenario.OrgAdmin, projectId, 3);
        var labeler = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("labeler"), "Member", ["Label"]);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await labeler.PostAsync($"api/projects/{projectId}/stages/Review_1/next")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await labeler.PostAsync($"api/projects/{projectId}/stages/Review_7/next")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await labeler.PostAsync($"api/projects/{projectId}/stages/Ground%20Truth/next")).StatusCode);

        await scenario.OrgAdmin.Docket.UpdateStageAsync(projectId, "Label",
            new UpdateStageRequest { AutoAssign = false });
        Assert.Null(await labeler.Docket.NextAsync(projectId, "Label"));
        await scenario.OrgAdmin.Docket.UpdateStageAsync(projectId, "Label",
            new UpdateStageRequest { AutoAssign = true, QueueSize = 2 });
        Assert.NotNull(await labeler.Docket.NextAsync(projectId, "Label"));
        Assert.Equal(2, (await labeler.Docket.GetQueueAsync(projectId, "Label")).Tasks.Count);
    }
}
