using Docket.Application.Messaging;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;
using Docket.Storage.Messaging;
using Xunit.Abstractions;

namespace Docket.Functions.Tests.ScaleOut;

/// <summary>Runs alone, after the parallel tests: three host processes need the machine's cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutCollection
{
    public const string Name = "Scale-out";
}

/// <summary>
/// Three local-host processes of one app on one Azurite, as three instances in Azure: claims, stage
/// moves, rebalancing timers and poison handling stay exact when the work is spread over them.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    const int Instances = 3;
    const int Labelers = 30;
    const int TaskCount = 600;

    [Fact]
    public async Task Three_instances_drain_a_project_each_task_claimed_and_moved_once_with_timers_and_poison()
    {
        var clock = Stopwatch.StartNew();
        // An Azurite of their own: Azurite answers each pool query by scanning the whole table, and the run's shared
        // table holds every other test's rows; three hosts claiming hundreds of tasks on it, beside the rest of the
        // suite, timed out on storage (503s) on a loaded machine.
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        var connectionString = azurite.ConnectionString;
        var settings = new Dictionary<string, string>
        {
            ["AzureFunctionsWebHost:hostid"] = "docket-scale-out",
            ["Docket:RebalanceSchedule"] = "*/3 * * * * *",
            ["Docket:SweepSchedule"] = "0 0 */6 * * *",
            // A finalize that answered 503 after recording its decision is re-sent by the next pass within seconds.
            ["Docket:StageMoves:PendingMoveAge"] = "00:00:05",
        };
        var hosts = await Task.WhenAll(Enumerable.Range(0, Instances)
            .Select(_ => HostProcess.StartAsync(connectionString, settings: settings)));
        try
        {
            output.WriteLine($"{Instances} hosts up after {clock.Elapsed.TotalSeconds:F1} s");
            var clients = hosts.Select(h => h.CreateClient()).ToArray();
            var admin = new ApiClient(clients[0], DocketHost.AdminKey);
            var projectId = Scenario.UniqueId("scale");
            await admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/projects",
                new { projectId, name = "Scale out", reviewStages = 1 });
            var labelers = await Task.WhenAll(Enumerable.Range(0, Labelers).Select(async i =>
            {
                var email = Scenario.UniqueEmail($"labeler{i}");
                await admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/users/{email}",
                    new { orgRole = "Member" });
                var key = (await admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post,
                    $"api/users/{email}/keys"))!["key"]!.GetValue<string>();
                await admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put,
                    $"api/projects/{projectId}/members/{email}", new { role = "Member", stages = new[] { "Label" } });
                return new ApiClient(clients[i % Instances], key);
            }));
            var taskIds = (await Items.UploadNamesAsync(admin, projectId, TaskCount)).Values.ToHashSet();
            Assert.Equal(TaskCount, taskIds.Count);

            // Undecodable messages at the head of the stage-move queue while the moves flow behind them.
            var rawMoves = new QueueClient(connectionString, QueueNames.StageMoves,
                new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
            await rawMoves.CreateIfNotExistsAsync();
            var garbage = Enumerable.Range(0, 3).Select(i => $"not base64 {i} {Guid.NewGuid()}").ToArray();
            foreach (var text in garbage)
                await rawMoves.SendMessageAsync(text);
            output.WriteLine($"{TaskCount} tasks, {Labelers} labelers ready after {clock.Elapsed.TotalSeconds:F1} s");

            var claims = new ConcurrentDictionary<string, string>();
            await Task.WhenAll(labelers.Select(async labeler =>
            {
                while (true)
                {
                    using var next = await labeler.PostAsync($"api/projects/{projectId}/stages/Label/next");
                    if (next.StatusCode == HttpStatusCode.NoContent) return;
                    Assert.Equal(HttpStatusCode.OK, next.StatusCode);
                    var taskId = (await next.JsonAsync())!["taskId"]!.GetValue<string>();
                    // The same task again only after its finalize failed: still this labeler's.
                    Assert.Equal(labeler.Key, claims.GetOrAdd(taskId, labeler.Key!));
                    // Not retried, as the client never retries it: a 503 may come after the decision was recorded
                    // (then the move follows), or before (then the task heads this labeler's queue again).
                    using var finalized = await labeler.WithoutRetries()
                        .PostAsync($"api/projects/{projectId}/tasks/{taskId}/finalize");
                    Assert.True(finalized.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable,
                        $"finalize answered {(int)finalized.StatusCode}");
                }
            }));
            output.WriteLine($"drained after {clock.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(taskIds.Order(), claims.Keys.Order());

            await Eventually.HoldsAsync(() => ReviewCountAsync(admin, projectId), count => count == TaskCount,
                TimeSpan.FromSeconds(60), "every finalized task reaches Review_1");
            output.WriteLine($"all in Review_1 after {clock.Elapsed.TotalSeconds:F1} s");

            var trails = new ConcurrentDictionary<string, JsonArray>();
            var reads = new ParallelOptions { MaxDegreeOfParallelism = 16 };
            await Parallel.ForEachAsync(taskIds, reads, async (taskId, _) =>
                trails[taskId] = (await admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                    $"api/projects/{projectId}/tasks/{taskId}/events"))!.AsArray());
            foreach (var (taskId, trail) in trails)
            {
                Assert.Single(trail, e => e!["type"]!.GetValue<string>() == "enteredStage"
                                          && e["details"]!["stage"]!.GetValue<string>() == "Review_1");
                Assert.Single(trail, e => e!["type"]!.GetValue<string>() == "assigned");
                Assert.True(trail.Count(e => e!["type"]!.GetValue<string>() == "released") <= 1,
                    $"{taskId} released twice");
            }

            var poison = new QueueClient(connectionString, QueueNames.StageMoves + "-poison",
                new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
            var poisoned = (await poison.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToArray();
            Assert.All(garbage, text => Assert.Contains(text, poisoned));

            var moves = hosts.Select(h => h.OutputLinesContaining("Executed 'MoveTask' (Succeeded")).ToArray();
            // A pass reads every project in the test run's storage, so under load the first may take longer than
            // the drain: wait for one to finish rather than count only those that fit.
            var rebalances = await Eventually.HoldsAsync(
                () => Task.FromResult(hosts.Select(h => h.OutputLinesContaining(
                    "Executed 'RebalanceOnSchedule' (Succeeded")).ToArray()),
                counts => counts.Sum() >= 1, TimeSpan.FromSeconds(180),
                "the rebalancing timer fires and completes a pass");
            output.WriteLine($"moves per instance: {string.Join(", ", moves)}; "
                             + $"rebalancing runs: {string.Join(", ", rebalances)}");
            // The test run's shared in-process host drains the same queue too, so the three need not have all 600.
            Assert.All(moves, count => Assert.True(count > 0, "every instance consumes stage moves"));
            output.WriteLine($"done after {clock.Elapsed.TotalSeconds:F1} s");
        }
        catch
        {
            // What the hosts last said (an unhandled exception is logged there) explains a failing run.
            foreach (var (host, i) in hosts.Select((h, i) => (h, i)))
                output.WriteLine($"--- host {i} ---\n{host.Output}");
            throw;
        }
        finally
        {
            foreach (var host in hosts)
                await host.DisposeAsync();
        }
    }

    static async Task<int> ReviewCountAsync(ApiClient admin, string projectId) =>
        (await DataPage.WalkAsync(admin, projectId, "stage=Review_1", 500)).Count(t => t["pendingMove"] is null);
}
