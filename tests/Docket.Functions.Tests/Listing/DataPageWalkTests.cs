using System.Net;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Listing;

/// <summary>
/// Walking the Data Page while the project is in use: claims and saves between pages change tasks' status (and
/// so the view and rows they are listed under). Every task that does not change during the walk is listed exactly
/// once, and none twice. In recent order a claim or save does not move a task, so every task is listed once; in
/// queued order a claim moves it ahead (assigned work sorts before pool work), so a claimed task the walk had not
/// reached yet may be passed.
/// </summary>
public sealed class DataPageWalkTests
{
    [Theory]
    [InlineData("search=ALL&sort=queued")]
    [InlineData("search=ALL&sort=recent")]
    public async Task Tasks_unchanged_while_others_are_claimed_and_saved_between_pages_are_listed_once(string query)
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("walk");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 2 });
        var labeler = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("labeler"), "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            Enumerable.Range(0, 60).Select(i => Items.Entry($"walk-{i:D2}", i % 3 == 0 ? $"0.{i % 9 + 1}" : null)));

        var changed = new HashSet<string>();
        var walked = await DataPage.WalkAsync(scenario.OrgAdmin, projectId, query, limit: 7, async page =>
        {
            var next = (await labeler.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
                $"api/projects/{projectId}/stages/Label/next"))!["taskId"]!.GetValue<string>();
            changed.Add(next);
            if (page % 2 == 0)
                await labeler.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
                    $"api/projects/{projectId}/tasks/{next}/save");
        });

        var listed = walked.Select(t => t["taskId"]!.GetValue<string>()).ToList();
        Assert.Equal(listed.Distinct().Count(), listed.Count);
        Assert.NotEmpty(changed);
        var unchanged = ids.Values.Except(changed).Order().ToList();
        Assert.Equal(unchanged, listed.Except(changed).Order());
        if (query.Contains("recent", StringComparison.Ordinal))
            Assert.Equal(ids.Values.Order(), listed.Order());
    }
}
