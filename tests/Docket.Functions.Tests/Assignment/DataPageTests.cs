using System.Net;
using System.Text.Json.Nodes;
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

        var walked = await DataPage.WalkAsync(scenario.OrgAdmin, projectId, "search=ALL&sort=queued", limit: 2);
        Assert.Equal(["p-mine", "p-high", "p-low", "plain-mine", "plain-1", "plain-2", "other-1", "other-2", "other-3"],
            walked.Select(t => t["name"]!.GetValue<string>()));

        var recent = await DataPage.WalkAsync(scenario.OrgAdmin, projectId, "sort=recent", limit: 4);
        Assert.Equal(9, recent.Select(t => t["taskId"]!.GetValue<string>()).Distinct().Count());

        // Filters: search groups, assignee, name prefix, stage.
        Assert.Equal(["p-mine", "plain-mine"], (await DataPage.WalkAsync(scenario.OrgAdmin, projectId,
            $"search=QUEUED&assignee={memberEmail}", 50)).Select(t => t["name"]!.GetValue<string>()));
        Assert.Equal(7, (await DataPage.WalkAsync(scenario.OrgAdmin, projectId, "search=UNASSIGNED", 50)).Count);
        Assert.Equal(["other-1", "other-2", "other-3"], (await DataPage.WalkAsync(scenario.OrgAdmin, projectId,
            "name=other-", 50)).Select(t => t["name"]!.GetValue<string>()));
        Assert.Equal(9, (await DataPage.WalkAsync(scenario.OrgAdmin, projectId, "stage=Label", 50)).Count);

        // Members only ever see their own tasks, whatever they ask for.
        Assert.Equal(["p-mine", "plain-mine"],
            (await DataPage.WalkAsync(member, projectId, "search=ALL", 50)).Select(t => t["name"]!.GetValue<string>()));
        await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/{ids["plain-mine"]}/save");
        Assert.Equal(["plain-mine"], (await DataPage.WalkAsync(member, projectId, "search=DRAFT", 50))
            .Select(t => t["name"]!.GetValue<string>()));
        Assert.Empty(await DataPage.WalkAsync(member, projectId, "search=UNASSIGNED", 50));
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
