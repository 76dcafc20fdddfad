using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Docket.Functions.Tests.Infrastructure;
using Docket.Storage.Tasks;

namespace Docket.Functions.Tests.Listing;

/// <summary>
/// Every task change adds a counter change row; the rebalancing pass folds them into the shard's bases, so that
/// statistics stay a small read and say exactly what they said before.
/// </summary>
public sealed class CounterFoldTests
{
    [Fact]
    public async Task The_rebalancing_pass_folds_change_rows_into_bases_and_the_counts_stay_exact()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("fold");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { shardCount = 1 });
        var email = Scenario.UniqueEmail("labeler");
        await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
        var ids = (await Items.UploadNamesAsync(scenario.OrgAdmin, projectId, 150, "fold")).Values.ToList();
        // One change row per task assigned: 150 on top of the upload's.
        await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/assign",
            new { taskIds = ids, email });
        Assert.True(await ChangeRowsAsync(projectId) > 150);
        var before = (await StatsAsync(scenario, projectId)).ToJsonString();

        await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/projects/{projectId}/rebalance");

        Assert.InRange(await ChangeRowsAsync(projectId), 0, 100);
        Assert.Equal(before, (await StatsAsync(scenario, projectId)).ToJsonString());
        var check = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/check"))!;
        Assert.Empty(check["problems"]!.AsArray());
    }

    static async Task<JsonNode> StatsAsync(Scenario scenario, string projectId) =>
        (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/stats?by=assignee"))!;

    static async Task<int> ChangeRowsAsync(string projectId)
    {
        var tasks = new TableClient(await TestStorage.ConnectionStringAsync(), "Tasks");
        var partition = TaskKeys.Partition(projectId, 0);
        var (from, to) = (TaskKeys.CounterChangePrefix, TaskKeys.PrefixEnd(TaskKeys.CounterChangePrefix));
        var count = 0;
        await foreach (var _ in tasks.QueryAsync<TableEntity>(
                           e => e.PartitionKey == partition && e.RowKey.CompareTo(from) >= 0 &&
                                e.RowKey.CompareTo(to) < 0, select: ["RowKey"]))
            count++;
        return count;
    }
}
