using System.Globalization;
using Docket.Contracts;

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

        var ratio = rate / rawRate;
        Console.WriteLine($"  ratio docket updates/s ÷ raw merges/s = {Measure.Ratio(ratio)}");
        return [new SummaryRow($"priority {Measure.Count(size)}", Measure.Rate(rate, "updates"),
            Measure.Rate(rawRate, "merges"), Measure.Ratio(ratio), "— (none set)", null)];
    }

    static List<PriorityChange> Body(IEnumerable<string> taskIds, Random random) =>
        taskIds.Select(id => new PriorityChange(id, decimal.Parse(TaskFiles.Priority(random),
            CultureInfo.InvariantCulture))).ToList();
}
