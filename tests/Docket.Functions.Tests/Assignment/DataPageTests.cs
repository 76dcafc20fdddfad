using System.Net;
using Docket.Client;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Assignment;

public sealed class DataPageTests
{
    [Fact]
    public async Task Queued_sort_groups_assigned_and_prioritised_first_and_the_cursor_walks_every_task_once()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("page");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 2 });
        var memberEmail = Scenario.UniqueEmail("pager");
        var member = await scenario.MemberAsync(projectId, memberEmail, "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
        [
            Items.Entry("p-high", "0.9"), Items.Entry("p-low", "0.2"), Items.Entry("plain-1"), Items.Entry("plain-2"),
            Items.Entry("p-mine", "0.5", new { Label = memberEmail }),
            Items.Entry("plain-mine", null, new { Label = memberEmail }),
            Items.Entry("other-1"), Items.Entry("other-2"), Items.Entry("other-3"),
        ]);

        var admin = scenario.OrgAdmin.Docket;
        async Task<List<string>> NamesAsync(DocketClient client, TaskQuery query) =>
            await client.EnumerateTasksAsync(projectId, query).Select(t => t.Name).ToListAsync();

        Assert.Equal(["p-mine", "p-high", "p-low", "plain-mine", "plain-1", "plain-2", "other-1", "other-2", "other-3"],
            await NamesAsync(admin, new TaskQuery { Search = TaskSearch.All, Sort = TaskSort.Queued, Limit = 2 }));

        var recent = await admin.EnumerateTasksAsync(projectId, new TaskQuery { Sort = TaskSort.Recent, Limit = 4 })
            .Select(t => t.TaskId).ToListAsync();
        Assert.Equal(9, recent.Distinct().Count());

        // Filters: search groups, assignee, name prefix, stage.
        Assert.Equal(["p-mine", "plain-mine"],
            await NamesAsync(admin, new TaskQuery { Search = TaskSearch.Queued, Assignee = memberEmail }));
        Assert.Equal(7, (await NamesAsync(admin, new TaskQuery { Search = TaskSearch.Unassigned })).Count);
        Assert.Equal(["other-1", "other-2", "other-3"],
            await NamesAsync(admin, new TaskQuery { NamePrefix = "other-" }));
        Assert.Equal(9, (await NamesAsync(admin, new TaskQuery { Stage = "Label" })).Count);

        // Members only ever see their own tasks, whatever they ask for.
        Assert.Equal(["p-mine", "plain-mine"],
            await NamesAsync(member.Docket, new TaskQuery { Search = TaskSearch.All }));
        await member.Docket.SaveTaskAsync(projectId, ids["plain-mine"]);
        Assert.Equal(["plain-mine"], await NamesAsync(member.Docket, new TaskQuery { Search = TaskSearch.Draft }));
        Assert.Empty(await NamesAsync(member.Docket, new TaskQuery { Search = TaskSearch.Unassigned }));
    }

    [Fact]
    public async Task Bad_queries_are_400_naming_each_parameter()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("page-bad");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        using var response = await scenario.OrgAdmin.GetAsync(
            $"api/projects/{projectId}/tasks?search=SOME&sort=oldest&limit=501&cursor=%%%");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.JsonAsync())!["errors"]!.AsArray()
            .Select(e => e!["field"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["cursor", "limit", "search", "sort"], fields);
    }
}
