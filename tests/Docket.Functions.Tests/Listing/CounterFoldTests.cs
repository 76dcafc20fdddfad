using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Docket.Application.Stats;
using Docket.Domain.Tasks;
using Docket.Functions.Tests.Infrastructure;
using Docket.Storage.Counters;
using Docket.Storage.Projects;
using Docket.Storage.Tasks;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task Folding_a_cell_held_by_a_thousand_people_keeps_every_row_small_and_the_counts_exact()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("holders");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { shardCount = 1 });
        var project = (await scenario.Host.Services.GetRequiredService<ProjectStore>()
            .GetAsync(projectId, CancellationToken.None))!;
        var counters = scenario.Host.Services.GetRequiredService<CounterIndex>();
        var tasks = new TableClient(await TestStorage.ConnectionStringAsync(), "Tasks");
        var partition = TaskKeys.Partition(projectId, 0);
        // A thousand people each claimed one pooled task of Label: the change rows those claims wrote.
        var people = Enumerable.Range(0, 1_000).Select(i => Scenario.UniqueEmail($"holder-{i:D4}")).ToList();
        var at = DateTimeOffset.UtcNow;
        foreach (var batch in people.Chunk(100))
        {
            await tasks.SubmitTransactionAsync(batch.Select(email => new TableTransactionAction(
                TableTransactionActionType.Add, CounterIndex.ChangeEntity(partition,
                [
                    (new CounterKey(0, AnnotationTaskStatus.Unassigned, null), -1),
                    (new CounterKey(0, AnnotationTaskStatus.Assigned, email), 1),
                ], at)!)));
        }

        var folds = await counters.FoldIfDueAsync(project, CancellationToken.None);

        Assert.True(folds > 0);
        Assert.InRange(await ChangeRowsAsync(projectId), 0, CounterIndex.FoldThreshold);
        var counts = await counters.ReadAsync(project, CancellationToken.None);
        Assert.Equal(1_000, counts.Count(c => c.Key.Status == AnnotationTaskStatus.Assigned && c.Value == 1));
        Assert.All(people, email => Assert.Equal(1, counts[new CounterKey(0, AnnotationTaskStatus.Assigned, email)]));
        Assert.Equal(-1_000, counts[new CounterKey(0, AnnotationTaskStatus.Unassigned, null)]);
        Assert.False(counts.ContainsKey(new CounterKey(0, AnnotationTaskStatus.Assigned, null)));
        await foreach (var row in tasks.QueryAsync<TableEntity>(e => e.PartitionKey == partition))
            Assert.All(row.Select(p => p.Value).OfType<string>(), text => Assert.True(text.Length < 32_000, row.RowKey));
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
