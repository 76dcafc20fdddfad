using System.Collections.Concurrent;
using System.Net;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Assignment;

public sealed class NextTaskConcurrencyTests
{
    [Fact]
    public async Task Forty_members_racing_for_five_hundred_tasks_get_every_task_exactly_once()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("race");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 2 });
        var taskIds = await Items.UploadNamesAsync(scenario.OrgAdmin, projectId, 500);
        var members = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            scenario.MemberAsync(projectId, Scenario.UniqueEmail($"racer{i}"), "Member", ["Label"])));

        var received = new ConcurrentBag<(int Member, string TaskId)>();
        await Task.WhenAll(members.Select((member, index) => Task.Run(async () =>
        {
            while (true)
            {
                using var next = await member.PostAsync($"api/projects/{projectId}/stages/Label/next");
                if (next.StatusCode == HttpStatusCode.NoContent) return;
                Assert.Equal(HttpStatusCode.OK, next.StatusCode);
                var task = (await next.JsonAsync())!;
                var taskId = task["taskId"]!.GetValue<string>();
                Assert.Equal("Label", task["stageName"]!.GetValue<string>());
                received.Add((index, taskId));
                // Raising an issue takes the task out of the queue, so the next call hands out another one.
                await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
                    $"api/projects/{projectId}/tasks/{taskId}/issue", new { comment = "done" });
            }
        })));

        Assert.Equal(500, received.Count);
        Assert.Equal(taskIds.Values.Order(), received.Select(r => r.TaskId).Order());
        // Each member saw each of their tasks once, and no task went to two members.
        Assert.All(received.GroupBy(r => r.TaskId), g => Assert.Single(g));

        var unassigned = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks?search=UNASSIGNED&limit=10"))!;
        Assert.Empty(unassigned["tasks"]!.AsArray());
    }
}
