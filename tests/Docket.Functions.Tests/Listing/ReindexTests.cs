using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Listing;

/// <summary>
/// A project whose tasks were written before listing and counter rows existed gets them from the backfill: the
/// same pages and counts a fresh project has, safe to run twice and while the project is in use.
/// </summary>
public sealed class ReindexTests
{
    [Fact]
    public async Task The_backfill_gives_old_tasks_the_pages_and_counts_of_a_fresh_project_and_a_rerun_changes_nothing()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("reindex");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 3 });
        var email = Scenario.UniqueEmail("labeler");
        var member = await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            Enumerable.Range(0, 12).Select(i => Items.Entry($"old-{i:D2}", i % 2 == 0 ? $"0.{i + 1}" : null)));
        await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/projects/{projectId}/stages/Label/next");
        await ForgetListingAndCounterRowsAsync(projectId);
        Assert.Empty(await DataPage.WalkAsync(scenario.OrgAdmin, projectId, "search=ALL", limit: 50));

        var first = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post,
            $"api/projects/{projectId}/reindex"))!;
        // One at a time: asking again while it runs names the running one.
        using (var second = await scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/reindex"))
        {
            if (second.StatusCode == HttpStatusCode.Conflict)
                Assert.Equal(first["reindexId"]!.GetValue<string>(),
                    (await second.JsonAsync())!["reindexId"]!.GetValue<string>());
            else
                Assert.Equal(HttpStatusCode.Accepted, second.StatusCode); // the first had finished already
        }
        // In use meanwhile: a task saved while the backfill runs is indexed by its own write.
        var held = (await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/stages/Label/queue"))!["tasks"]![0]!;
        await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/{held["taskId"]}/save");

        var all = await ReadAllAsync(scenario, projectId, ids.Values);
        var expected = DataPageOracle.Expected(all, "search=ALL", assignee: null);
        await Eventually.HoldsAsync(
            async () => (await DataPage.WalkAsync(scenario.OrgAdmin, projectId, "search=ALL", limit: 5))
                .Select(t => t["name"]!.GetValue<string>()).ToList(),
            walked => walked.SequenceEqual(expected), TimeSpan.FromSeconds(60), "the backfill lists every task");
        Assert.Equal(DataPageOracle.Expected(all, "search=QUEUED", email),
            (await DataPage.WalkAsync(member, projectId, "search=QUEUED", limit: 2))
            .Select(t => t["name"]!.GetValue<string>()));
        await AssertCountsAsync(scenario, projectId, all);

        await CompletedAsync(scenario, projectId);
        var rerun = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post,
            $"api/projects/{projectId}/reindex"))!;
        Assert.NotEqual(first["reindexId"]!.GetValue<string>(), rerun["reindexId"]!.GetValue<string>());
        var done = await CompletedAsync(scenario, projectId);
        Assert.Equal(rerun["reindexId"]!.GetValue<string>(), done["reindexId"]!.GetValue<string>());
        Assert.Equal(0, done["indexed"]!.GetValue<int>());
        Assert.Equal(done["shards"]!.GetValue<int>(), done["shardsDone"]!.GetValue<int>());
        await AssertCountsAsync(scenario, projectId, all);
        Assert.Equal(expected, (await DataPage.WalkAsync(scenario.OrgAdmin, projectId, "search=ALL", limit: 50))
            .Select(t => t["name"]!.GetValue<string>()));
    }

    static Task<JsonNode> CompletedAsync(Scenario scenario, string projectId) =>
        Eventually.HoldsAsync(async () => (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                $"api/projects/{projectId}/reindex"))!,
            run => run["status"]!.GetValue<string>() == "Completed", TimeSpan.FromSeconds(60), "the reindex completes");

    static async Task AssertCountsAsync(Scenario scenario, string projectId, IReadOnlyList<JsonNode> all)
    {
        var stats = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/stats"))!;
        var label = stats["stages"]!.AsArray().Single(s => s!["stageName"]!.GetValue<string>() == "Label")!;
        Assert.Equal(all.Count, label["total"]!.GetValue<long>());
        foreach (var (status, count) in label["counts"]!.AsObject())
            Assert.Equal(all.Count(t => t["status"]!.GetValue<string>() == status), count!.GetValue<long>());
    }

    static async Task<IReadOnlyList<JsonNode>> ReadAllAsync(Scenario scenario, string projectId,
        IEnumerable<string> ids) =>
        await Task.WhenAll(ids.Select(async id =>
            (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                $"api/projects/{projectId}/tasks/{id}"))!));

    /// <summary>
    /// Puts the project's shards back as an earlier version left them: no listing or counter rows, tasks not marked.
    /// </summary>
    static async Task ForgetListingAndCounterRowsAsync(string projectId)
    {
        var tasks = new TableClient(await TestStorage.ConnectionStringAsync(), "Tasks");
        await foreach (var row in tasks.QueryAsync<TableEntity>(
            e => e.PartitionKey.CompareTo(projectId + "|") >= 0 && e.PartitionKey.CompareTo(projectId + "}") < 0))
        {
            if (row.RowKey.StartsWith("l|", StringComparison.Ordinal)
                || row.RowKey.StartsWith("c|", StringComparison.Ordinal))
                await tasks.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All);
            else if (row.RowKey.StartsWith("t|", StringComparison.Ordinal))
            {
                row.Remove("Indexed");
                await tasks.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
            }
        }
    }
}
