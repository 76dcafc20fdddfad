using System.Net;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Assignment;

public sealed class PriorityTests
{
    [Fact]
    public async Task Bulk_priority_is_exact_null_clears_and_any_bad_entry_changes_nothing()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("prio");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 1 });
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("a", "0.9"), Items.Entry("b"), Items.Entry("c", "0.1")]);

        using var bad = await scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/tasks/priority", $$"""
            { "tasks": [ { "taskId": "{{ids["a"]}}", "priority": 0.5 }, { "taskId": "{{ids["b"]}}", "priority": 1.0000000001 },
                         { "taskId": "{{ids["c"]}}", "priority": "high" }, { "taskId": "nope", "priority": 1 } ] }
            """);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var fields = (await bad.JsonAsync())!["errors"]!.AsArray()
            .Select(e => e!["field"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["tasks[1].priority", "tasks[2].priority"], fields);
        var a = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks/{ids["a"]}"))!;
        Assert.Equal("0.9", a["priority"]!.ToJsonString());

        await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/priority", $$"""
            { "tasks": [ { "taskId": "{{ids["a"]}}", "priority": null }, { "taskId": "{{ids["b"]}}", "priority": 0.999999999 } ] }
            """);
        var member = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("m"), "Member", ["Label"]);
        var first = (await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/stages/Label/next"))!;
        Assert.Equal("b", first["name"]!.GetValue<string>());
        Assert.Equal("0.999999999", first["priority"]!.ToJsonString());

        // Priority survives in the queue and changes re-order it.
        await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/priority", $$"""
            { "tasks": [ { "taskId": "{{ids["b"]}}", "priority": 0 } ] }
            """);
        var events = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks/{ids["b"]}/events"))!.AsArray();
        var changes = events.Where(e => e!["type"]!.GetValue<string>() == "priorityChanged")
            .Select(e => e!["details"]!["to"]!.GetValue<string>()).ToArray();
        Assert.Equal(["0.999999999", "0"], changes);
        var mine = (await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/stages/Label/queue"))!["tasks"]!.AsArray();
        Assert.Equal("0", Assert.Single(mine)!["priority"]!.ToJsonString());
    }

    [Fact]
    public async Task Bulk_priority_refuses_an_absurd_exponent_with_400_and_rounds_a_binary_float_to_the_billionth()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("prio-float");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a", "0.5")]);

        using var absurd = await scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/tasks/priority", $$"""
            { "tasks": [ { "taskId": "{{ids["a"]}}", "priority": 1.123456789e-2147483648 } ] }
            """);
        var problem = (await absurd.JsonAsync())!;
        Assert.True(absurd.StatusCode == HttpStatusCode.BadRequest, problem.ToJsonString());
        var error = Assert.Single(problem["errors"]!.AsArray());
        Assert.Equal("tasks[0].priority", error!["field"]!.GetValue<string>());
        Assert.Contains("exponent", error["message"]!.GetValue<string>());

        var answer = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/priority", $$"""
            { "tasks": [ { "taskId": "{{ids["a"]}}", "priority": 0.3333333333333333 } ] }
            """))!;
        Assert.Equal("0.333333333", Assert.Single(answer.AsArray())!["priority"]!.ToJsonString());
        var task = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks/{ids["a"]}"))!;
        Assert.Equal("0.333333333", task["priority"]!.ToJsonString());
    }
}

public sealed class ConcurrentPriorityTests
{
    [Fact]
    public async Task Two_bulk_priority_calls_racing_over_the_same_tasks_leave_every_task_and_its_pool_row_consistent()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("prio-race");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 100 });
        var ids = (await Items.UploadNamesAsync(scenario.OrgAdmin, projectId, 60)).Values.ToList();

        string Body(string priority) =>
            "{\"tasks\":[" + string.Join(",",
                ids.Select(id => $"{{\"taskId\":\"{id}\",\"priority\":{priority}}}")) + "]}";
        var responses = await Task.WhenAll(
            scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/tasks/priority", Body("0.1")),
            scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/tasks/priority", Body("0.9")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        foreach (var id in ids)
        {
            var events = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                $"api/projects/{projectId}/tasks/{id}/events"))!.AsArray();
            Assert.Equal(2, events.Count(e => e!["type"]!.GetValue<string>() == "priorityChanged"));
        }

        // Every pool row still names its task exactly once: one member can claim all of them, in priority order.
        var member = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("drainer"), "Member", ["Label"]);
        await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/projects/{projectId}/stages/Label/next");
        var queue = (await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/stages/Label/queue?limit=100"))!["tasks"]!.AsArray();
        Assert.Equal(ids.Order(), queue.Select(t => t!["taskId"]!.GetValue<string>()).Order());
        var priorities = queue.Select(t =>
            decimal.Parse(t!["priority"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(priorities, p => Assert.Contains(p, new[] { 0.1m, 0.9m }));
        Assert.Equal(priorities.OrderByDescending(p => p), priorities);
    }

    [Theory]
    [InlineData("0.1234567885", "0.123456788")]
    [InlineData("0.0000000025", "0.000000002")]
    [InlineData("0.0000000035", "0.000000004")]
    [InlineData("0.99999999950", "1")]
    [InlineData("0.12345678850000000001", "0.123456789")]
    public async Task Priorities_past_the_billionth_round_half_to_even_end_to_end(string written, string stored)
    {
        // The first two round differently half-up (…789, …003); the last is past the half, so it rounds up.
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("prio-even");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a")]);

        var answer = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/priority",
            $$"""{ "tasks": [ { "taskId": "{{ids["a"]}}", "priority": {{written}} } ] }"""))!;

        Assert.Equal(stored, Assert.Single(answer.AsArray())!["priority"]!.ToJsonString());
        Assert.Equal(stored, (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks/{ids["a"]}"))!["priority"]!.ToJsonString());
    }
}
