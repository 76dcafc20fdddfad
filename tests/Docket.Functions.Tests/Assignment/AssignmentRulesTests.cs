using System.Net;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Assignment;

/// <summary>
/// The reference's assignment rules: assigned work first, skipping never blocks, the Label and Review buttons,
/// settings.
/// </summary>
public sealed class AssignmentRulesTests
{
    static async Task<string[]> QueueNamesAsync(ApiClient client, string projectId, string stage = "Label") =>
        (await client.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/stages/{stage}/queue"))!["tasks"]!.AsArray()
        .Select(t => t!["name"]!.GetValue<string>()).ToArray();

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

        var head = (await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/stages/Label/next"))!;

        Assert.Equal("assigned-low", head["name"]!.GetValue<string>());
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
        await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/projects/{projectId}/stages/Label/next");
        await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/projects/{projectId}/tasks/{ids["a"]}/skip");
        await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/projects/{projectId}/tasks/{ids["b"]}/skip");

        var next = (await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/stages/Label/next"))!;

        Assert.Equal("c", next["name"]!.GetValue<string>());
        Assert.Equal(["c", "a", "b"], await QueueNamesAsync(member, projectId));
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
        await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/move",
            new { taskIds = new[] { ids["late"] }, stageName = "Review_2" });
        await Eventually.HoldsAsync(
            async () =>
                (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                    $"api/projects/{projectId}/tasks/{ids["late"]}"))!,
            t => t["stageName"]!.GetValue<string>() == "Review_2" && t["pendingMove"] is null, TimeSpan.FromSeconds(30),
            "the task arrives in Review_2");

        var head = (await reviewer.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/next?kind=Review"))!;

        Assert.Equal(("late", "Review_2"), (head["name"]!.GetValue<string>(), head["stageName"]!.GetValue<string>()));
        var queue = (await reviewer.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/queue?kind=Review"))!;
        Assert.Equal(["late"], queue["tasks"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await reviewer.PostAsync($"api/projects/{projectId}/next?kind=Label")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await reviewer.PostAsync($"api/projects/{projectId}/next?kind=GroundTruth")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/next?kind=Label")).StatusCode);
    }

    [Fact]
    public async Task The_label_button_hands_out_label_work_best_first_and_shows_it_in_the_label_queue()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("kind-label");
        await scenario.ProjectAsync(projectId, reviewStages: 1, new { queueSize = 1 });
        var labeler = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("labeler"), "Member", ["Label"]);
        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("low", "0.1"), Items.Entry("top", "0.9")]);

        var head = (await labeler.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/next?kind=Label"))!;

        Assert.Equal(("top", "Label", "ASSIGNED"), (head["name"]!.GetValue<string>(),
            head["stageName"]!.GetValue<string>(), head["status"]!.GetValue<string>()));
        var queue = (await labeler.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/queue?kind=Label"))!;
        Assert.Equal(["top"], queue["tasks"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await labeler.PostAsync($"api/projects/{projectId}/next?kind=Review")).StatusCode);
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
        var updated = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch,
            $"api/projects/{projectId}",
            new { name = "Renamed", idleTimeoutMinutes = 15, autoAssign = false }))!;

        Assert.Equal("Renamed", updated["name"]!.GetValue<string>());
        Assert.Equal(15, updated["idleTimeoutMinutes"]!.GetValue<int>());
        var stages = updated["stages"]!.AsArray().Where(s => s!["kind"]!.GetValue<string>() != "GroundTruth").ToList();
        Assert.Equal(3, stages.Count);
        Assert.All(stages, s => Assert.False(s!["autoAssign"]!.GetValue<bool>()));
        var read = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}"))!;
        Assert.Equal("Renamed", read["name"]!.GetValue<string>());

        using var bad = await scenario.OrgAdmin.PatchAsync($"api/projects/{projectId}",
            new { name = "", idleTimeoutMinutes = 0, autoAssign = "yes" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var fields = (await bad.JsonAsync())!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).Order();
        Assert.Equal(["autoAssign", "idleTimeoutMinutes", "name"], fields);
    }
}
