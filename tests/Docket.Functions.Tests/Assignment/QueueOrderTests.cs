using System.Net;
using Docket.Client;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Assignment;

public sealed class QueueOrderTests
{
    static async Task<(Scenario, string, ApiClient, Dictionary<string, string>)> ProjectWithTasksAsync(int queueSize,
        params object[] entries)
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("order");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize });
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, entries);
        var member = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("worker"), "Member", ["Label"]);
        return (scenario, projectId, member, ids);
    }

    static async Task<string[]> QueueNamesAsync(ApiClient client, string projectId, string? assignee = null) =>
        (await client.Docket.GetQueueAsync(projectId, "Label", assignee)).Tasks.Select(t => t.Name).ToArray();

    /// <summary>The status a call was refused with.</summary>
    static async Task<HttpStatusCode> RefusalAsync(Func<Task> call) =>
        (await Assert.ThrowsAsync<DocketApiException>(call)).Status;

    [Fact]
    public async Task Pool_hands_out_prioritised_highest_first_nine_decimals_exact_then_oldest_then_unprioritised()
    {
        // File order sets queuedAt: "early" waited longer than "late" at the same priority.
        var (_, projectId, member, _) = await ProjectWithTasksAsync(1,
            Items.Entry("none-early"), Items.Entry("half-early", "0.5"), Items.Entry("zero", "0"),
            Items.Entry("half-late", "0.5"),
            Items.Entry("half-and-a-billionth", "0.500000001"), Items.Entry("top", "1"), Items.Entry("none-late"));

        var order = new List<string>();
        while (await member.Docket.NextAsync(projectId, "Label") is { } task)
        {
            order.Add(task.Name);
            await member.Docket.RaiseIssueAsync(projectId, task.TaskId, "next please");
        }
        Assert.Equal(
            ["top", "half-and-a-billionth", "half-early", "half-late", "zero", "none-early", "none-late"], order);
    }

    [Fact]
    public async Task Priorities_keep_nine_decimals_exactly()
    {
        var (scenario, projectId, _, ids) = await ProjectWithTasksAsync(5, Items.Entry("precise", "0.123456789"),
            Items.Entry("plain"));
        // On the wire, the number's own text: no binary float in between.
        var task = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks/{ids["precise"]}"))!;
        Assert.Equal("0.123456789", task["priority"]!.ToJsonString());
        Assert.Equal(0.123456789m, (await scenario.OrgAdmin.Docket.GetTaskAsync(projectId, ids["precise"])).Priority);
        Assert.Null((await scenario.OrgAdmin.Docket.GetTaskAsync(projectId, ids["plain"])).Priority);
    }

    [Fact]
    public async Task Skipped_tasks_go_to_the_end_in_skip_order_and_issues_leave_until_resolved()
    {
        var (scenario, projectId, member, ids) = await ProjectWithTasksAsync(5,
            Items.Entry("a", "0.9"), Items.Entry("b", "0.8"), Items.Entry("c", "0.7"), Items.Entry("d", "0.6"));
        var head = (await member.Docket.NextAsync(projectId, "Label"))!;
        Assert.Equal("a", head.Name);
        Assert.Equal(["a", "b", "c", "d"], await QueueNamesAsync(member, projectId));

        await member.Docket.SkipTaskAsync(projectId, ids["b"]);
        await member.Docket.SkipTaskAsync(projectId, ids["a"]);
        Assert.Equal(["c", "d", "b", "a"], await QueueNamesAsync(member, projectId));

        // Saving a skipped task brings it back into priority order.
        await member.Docket.SaveTaskAsync(projectId, ids["b"]);
        Assert.Equal(["b", "c", "d", "a"], await QueueNamesAsync(member, projectId));

        var issue = await member.Docket.RaiseIssueAsync(projectId, ids["c"], "blurry");
        Assert.Equal("PROBLEM", issue.Status);
        Assert.Equal(["b", "d", "a"], await QueueNamesAsync(member, projectId));
        // A PROBLEM task cannot be saved or finalized until resolved.
        Assert.Equal(HttpStatusCode.Conflict,
            await RefusalAsync(() => member.Docket.SaveTaskAsync(projectId, ids["c"])));
        // Only admins and managers resolve.
        Assert.Equal(HttpStatusCode.Forbidden,
            await RefusalAsync(() => member.Docket.ResolveIssueAsync(projectId, ids["c"])));

        var resolved = await scenario.OrgAdmin.Docket.ResolveIssueAsync(projectId, ids["c"], "fixed");
        Assert.Equal("ASSIGNED", resolved.Status);
        Assert.Equal(head.Assignee, resolved.Assignee);
        Assert.Equal(["b", "c", "d", "a"], await QueueNamesAsync(member, projectId));

        var events = await member.Docket.GetTaskEventsAsync(projectId, ids["c"]);
        Assert.Equal(["created", "assigned", "issue", "resolve"], events.Select(e => e.Type));
        Assert.Equal("auto", events[1].How);
    }

    [Fact]
    public async Task Wrong_state_is_409_and_someone_elses_task_is_404_for_members_and_403_for_managers()
    {
        var (scenario, projectId, member, ids) = await ProjectWithTasksAsync(5, Items.Entry("mine"),
            Items.Entry("pool"));
        await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/projects/{projectId}/stages/Label/next");
        var other = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("other"), "Member", ["Label"]);
        var manager = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("manager"), "Manager");

        var mine = (await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/stages/Label/queue"))!["tasks"]!.AsArray();
        var taskId = mine[0]!["taskId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound,
            (await other.GetAsync($"api/projects/{projectId}/tasks/{taskId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await other.PostAsync($"api/projects/{projectId}/tasks/{taskId}/save")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await other.GetAsync($"api/projects/{projectId}/tasks/{taskId}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await manager.GetAsync($"api/projects/{projectId}/tasks/{taskId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await manager.PostAsync($"api/projects/{projectId}/tasks/{taskId}/save")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(
            $"api/projects/{projectId}/stages/Label/queue?assignee={mine[0]!["assignee"]}")).StatusCode);
        Assert.Equal(2, (await manager.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/stages/Label/queue?assignee={mine[0]!["assignee"]}"))!["tasks"]!.AsArray()
            .Count);

        await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/projects/{projectId}/tasks/{taskId}/issue",
            new { comment = "x" });
        Assert.Equal(HttpStatusCode.Conflict,
            (await member.PostAsync($"api/projects/{projectId}/tasks/{taskId}/skip")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await member.PostAsync($"api/projects/{projectId}/tasks/{ids["pool"]}/issue", new { })).StatusCode);
    }
}
