using System.Net;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Listing;

/// <summary>
/// Walking the Data Page while the project is in use: claims and saves between pages change tasks' status
/// (and so the view and rows they are listed under) but not their place in the order, and the walk still lists
/// every task exactly once.
/// </summary>
public sealed class DataPageWalkTests
{
    [Theory]
    [InlineData("search=ALL&sort=queued")]
    [InlineData("search=ALL&sort=recent")]
    public async Task Tasks_claimed_and_saved_between_pages_are_listed_exactly_once(string query)
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("walk");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 2 });
        var labeler = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("labeler"), "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            Enumerable.Range(0, 60).Select(i => Items.Entry($"walk-{i:D2}", i % 3 == 0 ? $"0.{i % 9 + 1}" : null)));

        var walked = await DataPage.WalkAsync(scenario.OrgAdmin, projectId, query, limit: 7, async page =>
        {
            var next = (await labeler.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
                $"api/projects/{projectId}/stages/Label/next"))!["taskId"]!.GetValue<string>();
            if (page % 2 == 0)
                await labeler.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
                    $"api/projects/{projectId}/tasks/{next}/save");
        });

        var listed = walked.Select(t => t["taskId"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Values.Order(), listed.Order());
    }
}
