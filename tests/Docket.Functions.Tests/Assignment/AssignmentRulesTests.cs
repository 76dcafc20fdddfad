using System.Net;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Assignment;

/// <summary>
/// The reference's assignment rules: assigned work first, skipping never blocks, the Label and Review buttons,
/// settings.
/// </summary>
public sealed class AssignmentRulesTests
{
    static async Task<string[]> QueueNamesAsync(ApiClient client, string projectId, string stage = "Label") =>
        (await client.Docket.GetQueueAsync(projectId, stage)).Tasks.Select(t => t.Name).ToArray();

    /// <summary>The status a call was refused with.</summary>
    static async Task<HttpStatusCode> RefusalAsync(Func<Task> call) =>
        (await Assert.ThrowsAsync<DocketApiException>(call)).Status;

    [Fact]
    public async Task A_preassigned_task_at_0_3_is_handed_out_before_a_pool_task_at_0_9()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("first");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 2 });
        var email = Scenario.UniqueEmail("labeler");
        var member = await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
        await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("pool-high", "0.9"), Items.Entry("assigned-low", "0.3", new { Label = email })]);

        var head = (await member.Docket.NextAsync(projectId, "Label"))!;

        Assert.Equal("assigned-low", head.Name);
        Assert.Equal(["assigned-low", "pool-high"], await QueueNamesAsync(member, projectId));
    }

    [Fact]
    public async Task With_every_held_task_skipped_next_claims_new_work()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("skip");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 2 });
        var member = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("labeler"), "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("a", "0.9"), Items.Entry("b", "0.8"), Items.Entry("c", "0.7")]);
        await member.Docket.NextAsync(projectId, "Label");
        await member.Docket.SkipTaskAsync(projectId, ids["a"]);
        await member.Docket.SkipTaskAsync(projectId, ids["b"]);

        var next = (await member.Docket.NextAsync(projectId, "Label"))!;

        Assert.Equal("c", next.Name);
        Assert.Equal(["c", "a", "b"], await QueueNamesAsync(member, projectId));
    }

    [Fact]
    public async Task A_holder_releases_a_task_to_the_pool_where_the_next_person_gets_it_and_the_check_agrees()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("release");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 1 });
        var lena = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("lena"), "Member", ["Label"]);
        var omar = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("omar"), "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("only", "0.5")]);
        var held = (await lena.Docket.NextAsync(projectId, "Label"))!;
        await lena.Docket.SaveTaskAsync(projectId, held.TaskId);

        Assert.Equal(HttpStatusCode.NotFound, await RefusalAsync(() => omar.Docket.ReleaseTaskAsync(projectId,
            held.TaskId)));
        var released = await lena.Docket.ReleaseTaskAsync(projectId, held.TaskId);

        Assert.Equal(("UNASSIGNED", null), (released.Status, released.Assignee));
        Assert.Empty(await QueueNamesAsync(lena, projectId));
        Assert.Equal("only", (await omar.Docket.NextAsync(projectId, "Label"))!.Name);
        var refused = await Assert.ThrowsAsync<DocketApiException>(() =>
            lena.Docket.ReleaseTaskAsync(projectId, ids["only"]));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status); // no longer hers to see
        var trail = await scenario.OrgAdmin.Docket.GetTaskEventsAsync(projectId, ids["only"]);
        var releasedEvent = trail.Single(e => e.Type == "released");
        Assert.Equal(("holder", "discarded"), (releasedEvent.How, releasedEvent.Details["draft"]));
        var check = await scenario.OrgAdmin.Docket.CheckProjectAsync(projectId);
        Assert.Empty(check.Problems);
    }

    [Fact]
    public async Task A_skip_beyond_the_stages_max_skipped_is_refused_until_a_skipped_task_is_done()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("maxskip");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 5 });
        var bad = await scenario.OrgAdmin.PatchAsync($"api/projects/{projectId}/stages/Label", new { maxSkipped = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var project = await scenario.OrgAdmin.Docket.UpdateStageAsync(projectId, "Label",
            new UpdateStageRequest { MaxSkipped = 2 });
        Assert.Equal(2, project.Stages.Single(s => s.Name == "Label").MaxSkipped);
        var member = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("labeler"), "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("a", "0.9"), Items.Entry("b", "0.8"), Items.Entry("c", "0.7")]);
        await member.Docket.NextAsync(projectId, "Label");
        await member.Docket.SkipTaskAsync(projectId, ids["a"]);
        await member.Docket.SkipTaskAsync(projectId, ids["b"]);

        var refused = await Assert.ThrowsAsync<DocketApiException>(() =>
            member.Docket.SkipTaskAsync(projectId, ids["c"]));
        Assert.Equal((HttpStatusCode.Conflict, ProblemCodes.TooManySkipped), (refused.Status, refused.Code));
        Assert.Equal("SKIPPED", (await member.Docket.SkipTaskAsync(projectId, ids["a"])).Status); // held already
        await member.Docket.SaveTaskAsync(projectId, ids["a"]);
        Assert.Equal("SKIPPED", (await member.Docket.SkipTaskAsync(projectId, ids["c"])).Status);
    }

    [Fact]
    public async Task The_review_button_finds_work_in_Review_2_for_a_reviewer_of_both_review_stages()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("kind");
        await scenario.ProjectAsync(projectId, reviewStages: 2);
        var reviewer = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("reviewer"), "Member",
            ["Review_1", "Review_2"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("late", "0.5")]);
        await scenario.OrgAdmin.Docket.MoveTasksAsync(projectId, [ids["late"]], "Review_2");
        await Eventually.HoldsAsync(() => scenario.OrgAdmin.Docket.GetTaskAsync(projectId, ids["late"]),
            t => t.StageName == "Review_2" && t.PendingMove is null, TimeSpan.FromSeconds(60),
            "the task arrives in Review_2");

        var head = (await reviewer.Docket.NextAsync(projectId, StageKind.Review))!;

        Assert.Equal(("late", "Review_2"), (head.Name, head.StageName));
        var queue = await reviewer.Docket.GetQueueAsync(projectId, StageKind.Review);
        Assert.Equal(["late"], queue.Tasks.Select(t => t.Name));
        Assert.Equal(HttpStatusCode.Forbidden,
            await RefusalAsync(() => reviewer.Docket.NextAsync(projectId, StageKind.Label)));
        Assert.Equal(HttpStatusCode.BadRequest,
            (await reviewer.PostAsync($"api/projects/{projectId}/next?kind=GroundTruth")).StatusCode);
        Assert.Null(await scenario.OrgAdmin.Docket.NextAsync(projectId, StageKind.Label));
    }

    [Fact]
    public async Task The_label_button_hands_out_label_work_best_first_and_shows_it_in_the_label_queue()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("kind-label");
        await scenario.ProjectAsync(projectId, reviewStages: 1, new { queueSize = 1 });
        var labeler = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("labeler"), "Member", ["Label"]);
        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("low", "0.1"), Items.Entry("top", "0.9")]);

        var head = (await labeler.Docket.NextAsync(projectId, StageKind.Label))!;

        Assert.Equal(("top", "Label", "ASSIGNED"), (head.Name, head.StageName, head.Status));
        var queue = await labeler.Docket.GetQueueAsync(projectId, StageKind.Label);
        Assert.Equal(["top"], queue.Tasks.Select(t => t.Name));
        Assert.Equal(HttpStatusCode.Forbidden,
            await RefusalAsync(() => labeler.Docket.NextAsync(projectId, StageKind.Review)));
    }

    [Fact]
    public async Task Project_settings_change_name_idle_timeout_and_every_work_stages_auto_assign_for_admins_only()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("settings");
        await scenario.ProjectAsync(projectId, reviewStages: 2);
        var member = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("member"));
        var manager = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("manager"), "Manager");

        Assert.Equal(HttpStatusCode.Forbidden,
            (await member.PatchAsync($"api/projects/{projectId}", new { name = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await manager.PatchAsync($"api/projects/{projectId}", new { name = "mine" })).StatusCode);
        var updated = await scenario.OrgAdmin.Docket.UpdateProjectAsync(projectId,
            new UpdateProjectRequest { Name = "Renamed", IdleTimeoutMinutes = 15, AutoAssign = false });

        Assert.Equal("Renamed", updated.Name);
        Assert.Equal(15, updated.IdleTimeoutMinutes);
        var stages = updated.Stages.Where(s => s.Kind != "GroundTruth").ToList();
        Assert.Equal(3, stages.Count);
        Assert.All(stages, s => Assert.False(s.AutoAssign));
        Assert.Equal("Renamed", (await scenario.OrgAdmin.Docket.GetProjectAsync(projectId)).Name);

        using var bad = await scenario.OrgAdmin.PatchAsync($"api/projects/{projectId}",
            new { name = "", idleTimeoutMinutes = 0, autoAssign = "yes" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var fields = (await bad.JsonAsync())!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).Order();
        Assert.Equal(["autoAssign", "idleTimeoutMinutes", "name"], fields);
    }
}
