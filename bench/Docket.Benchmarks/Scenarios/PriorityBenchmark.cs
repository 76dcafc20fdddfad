using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Docket.Contracts;
using Docket.LocalHost.Azurite;
using Docket.LocalHost.Configuration;

namespace Docket.Benchmarks.Scenarios;

/// <summary>
/// Issue 5: new 9-decimal priorities for every task through POST …/tasks/priority, 1,000 tasks a call, two calls
/// at a time; the baseline merges one property into as many entities in batch transactions of 100.
/// </summary>
public static class PriorityBenchmark
{
    public const int DefaultSize = 10_000;
    const int PerCall = 1_000;
    const int ParallelCalls = 2;
    const string ProjectId = "bench-priority";

    public static async Task<List<SummaryRow>> RunAsync(int size)
    {
        Console.WriteLine(
            $"== priority: {Measure.Count(size)} tasks re-prioritised, {Measure.Count(PerCall)} a call, " +
            $"{ParallelCalls} calls at a time ==");
        await using var host = await BenchHost.StartAsync();
        await host.CreateProjectAsync(ProjectId, queueSize: 5);
        var file = TaskFiles.Generate(size, "prio");
        var upload = await host.UploadAsync(ProjectId, file.Json);
        Console.WriteLine($"  uploaded {Measure.Count(upload.Created)} tasks in {upload.Elapsed.TotalSeconds:0.0} s");
        // The rows as they are before any change, for the fair baseline below.
        var written = await WrittenRows.ReadAsync(host.ConnectionString, ProjectId);

        var raw = await RawTable.CreateAsync(host.ConnectionString, "RawPriority");
        await raw.InsertAsync(size);
        var rawRandom = new Random(11);
        var rawCpu = CpuUsage.Start(host);
        var rawElapsed = await Measure.TimeAsync(() =>
            raw.MergeAsync(Enumerable.Range(0, size), _ => rawRandom.Next(0, 1_000_000_000)));
        var rawRate = Measure.PerSecond(size, rawElapsed);
        Console.WriteLine(
            $"  raw: {Measure.Count(size)} merges in {rawElapsed.TotalSeconds:0.0} s = " +
            $"{Measure.Rate(rawRate, "merges")} (batches of {RawTable.BatchSize}, " +
            $"{RawTable.ParallelBatches} in parallel)");
        Console.WriteLine($"    {rawCpu.Describe(size, "merge")}");

        // Changes are drawn before the clock starts.
        var random = new Random(13);
        var bodies = file.TaskIds.Chunk(PerCall).Select(ids => Body(ids, random)).ToList();
        var calls = new Latencies();
        var updated = 0;
        using var trace = new StorageTrace(host.StoragePorts);
        var cpu = CpuUsage.Start(host);
        var elapsed = await Measure.TimeAsync(() => Parallel.ForEachAsync(bodies,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls }, async (body, _) =>
        {
            using var request = trace.Request();
            var result = await calls.TimeAsync(() => host.Admin.SetPrioritiesAsync(ProjectId, body));
            Interlocked.Add(ref updated, result.Count(r => r.Outcome is "changed" or "unchanged"));
        }));
        var cpuText = cpu.Describe(size, "update");
        trace.Dispose();
        if (updated != size) throw new InvalidOperationException($"{updated} priorities changed, expected {size}.");

        var rate = Measure.PerSecond(size, elapsed);
        Console.WriteLine(
            $"  docket: {Measure.Count(size)} updates in {elapsed.TotalSeconds:0.0} s = " +
            $"{Measure.Rate(rate, "updates")}; a call: {calls}");
        Console.WriteLine($"    {cpuText}");
        trace.PrintPerRequest($"a call (up to {Measure.Count(PerCall)} tasks)", calls.Mean);

        var perTaskCalls = trace.CountMarked().Marked / (double)size;
        var entities = trace.EntitiesPerRequest() * bodies.Count / size;

        var ratio = rate / rawRate;
        Console.WriteLine($"  ratio docket updates/s ÷ raw merges/s = {Measure.Ratio(ratio)}");

        // The fair ruler: the same rows by hand, in an Azurite of its own holding the same rows Docket's did.
        await using var fairAzurite = await AzuriteProcess.StartInMemoryAsync(RepositoryRoot.Locate());
        await written.InsertAsync(fairAzurite.ConnectionString);
        var fair = await FairAsync(written, fairAzurite.ConnectionString, bodies.Select(b => b.Select(c => c.TaskId)
            .ToList()).ToList());
        var fairRate = Measure.PerSecond(size, fair.Elapsed);
        Console.WriteLine(
            $"  fair raw: read each task, then per partition one batch of its rows a change writes (task replaced " +
            $"under its ETag, pool and listing row moved, event added: {FairEntitiesPerTask} entities a task) = " +
            $"{Measure.Rate(fairRate, "updates")}; {fair.Calls / (double)size:0.00} calls a task");
        Console.WriteLine($"  docket: {perTaskCalls:0.00} calls and {entities:0.00} entities written a task");
        var fairRatio = rate / fairRate;
        Console.WriteLine($"ratio fair priority updates/s = {Measure.Ratio(fairRatio)}");
        return
        [
            new SummaryRow($"priority {Measure.Count(size)}", Measure.Rate(rate, "updates"),
                Measure.Rate(rawRate, "merges"), Measure.Ratio(ratio), "— (none set)", null),
            new SummaryRow($"priority {Measure.Count(size)}, fair",
                $"{perTaskCalls:0.00} calls, {entities:0.00} entities a task",
                $"same rows: {Measure.Rate(fairRate, "updates")}", Measure.Ratio(fairRatio),
                "≥ 0.7; ≤ 1.1 calls a task", fairRatio >= 0.7 && perTaskCalls <= 1.1),
        ];
    }

    const int FairEntitiesPerTask = 6;

    /// <summary>
    /// What a priority change of a pooled task writes, by hand: its task row read (32 at a time, as Docket reads),
    /// then, per partition, batches of whole changes: the task replaced under its ETag, its pool row and one listing
    /// row deleted and written under their new order, one event row added. Calls of 1,000 tasks, two at a time.
    /// </summary>
    static async Task<(TimeSpan Elapsed, int Calls)> FairAsync(WrittenRows written, string connectionString,
        IReadOnlyList<List<string>> calls)
    {
        var table = new TableServiceClient(connectionString).GetTableClient(WrittenRows.TasksTable);
        var rowsOf = written.Partitions.Where(p => p.Key.Table == WrittenRows.TasksTable).SelectMany(p => p.Value)
            .Where(row => row.GetString("TaskId") is not null)
            .GroupBy(row => row.GetString("TaskId"))
            .ToDictionary(g => g.Key, g => g.ToList());
        var requests = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls },
            async (ids, ct) =>
        {
            var read = new TableEntity[ids.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count),
                new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (i, ct2) =>
            {
                var task = rowsOf[ids[i]].First(row => row.RowKey.StartsWith("t|", StringComparison.Ordinal));
                read[i] = (await table.GetEntityAsync<TableEntity>(task.PartitionKey, task.RowKey,
                    cancellationToken: ct2)).Value;
            });
            Interlocked.Add(ref requests, ids.Count);
            var batches = read.GroupBy(task => task.PartitionKey)
                .SelectMany(partition => partition.Chunk(100 / FairEntitiesPerTask)).ToList();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct };
            await Parallel.ForEachAsync(batches, parallel, async (batch, ct2) =>
            {
                var actions = new List<TableTransactionAction>();
                foreach (var task in batch)
                {
                    var rows = rowsOf[task.GetString("TaskId")];
                    task["Priority"] = (task.GetInt64("Priority") ?? 0) + 1;
                    actions.Add(new(TableTransactionActionType.UpdateReplace, task, task.ETag));
                    foreach (var prefix in new[] { "p|", "l|" })
                    {
                        var moved = rows.First(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal));
                        actions.Add(new(TableTransactionActionType.Delete, moved, ETag.All));
                        actions.Add(new(TableTransactionActionType.Add,
                            new TableEntity(moved) { RowKey = moved.RowKey + "~" }));
                    }
                    actions.Add(new(TableTransactionActionType.Add, new TableEntity(task.PartitionKey,
                        $"e|{task.GetString("TaskId")}|fair")
                    { ["Type"] = "priorityChanged", ["At"] = DateTimeOffset.UtcNow }));
                }
                await table.SubmitTransactionAsync(actions, ct2);
                Interlocked.Increment(ref requests);
            });
        });
        return (clock.Elapsed, requests);
    }

    static List<PriorityChange> Body(IEnumerable<string> taskIds, Random random) =>
        taskIds.Select(id => new PriorityChange(id, decimal.Parse(TaskFiles.Priority(random),
            CultureInfo.InvariantCulture))).ToList();
}
