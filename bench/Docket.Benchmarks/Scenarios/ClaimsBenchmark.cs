using System.Collections.Concurrent;

namespace Docket.Benchmarks.Scenarios;

/// <summary>
/// Issue 5: 64 members drain the pool concurrently. Each loops "next, then raise an issue on the task" (which takes
/// it out of their queue, so the following next claims another) until next answers 204. Every task must be handed
/// out exactly once. The baseline: 64 workers each reading and conditionally replacing entities, one at a time.
/// </summary>
public static class ClaimsBenchmark
{
    public const int DefaultSize = 10_000;
    const int Claimers = 64;
    const string ProjectId = "bench-claims";

    public static async Task<List<SummaryRow>> RunAsync(int size)
    {
        Console.WriteLine(
            $"== claims: {Claimers} concurrent members drain {Measure.Count(size)} " +
            $"tasks (next → issue, until 204) ==");
        await using var host = await BenchHost.StartAsync();
        await host.CreateProjectAsync(ProjectId, queueSize: 1);
        var members = await host.AddMembersAsync(ProjectId, Claimers, "claimer");
        var file = TaskFiles.Generate(size, "claim");
        var upload = await host.UploadAsync(ProjectId, file.Json);
        Console.WriteLine($"  uploaded {Measure.Count(upload.Created)} tasks in {upload.Elapsed.TotalSeconds:0.0} s");

        var raw = await RawTable.CreateAsync(host.ConnectionString, "RawClaims");
        await raw.InsertAsync(size);
        var nextRow = -1;
        var rawCpu = CpuUsage.Start(host);
        var rawElapsed = await Measure.TimeAsync(() =>
            Task.WhenAll(Enumerable.Range(0, Claimers).Select(_ => Task.Run(async () =>
        {
            // Each worker takes the next entity nobody has taken yet: no two workers ever contend.
            for (var i = Interlocked.Increment(ref nextRow); i < size; i = Interlocked.Increment(ref nextRow))
                await raw.ReadAndUpdateAsync(i);
        }))));
        var rawRate = Measure.PerSecond(size, rawElapsed);
        Console.WriteLine(
            $"  raw: {Measure.Count(size)} reads + conditional updates by {Claimers} workers in " +
            $"{rawElapsed.TotalSeconds:0.0} s = {Measure.Rate(rawRate, "updates")}");
        Console.WriteLine($"    {rawCpu.Describe(size, "update")}");

        var claimed = new ConcurrentBag<string>();
        var nextLatency = new Latencies();
        var issueLatency = new Latencies();
        using var trace = new StorageTrace(host.StoragePorts);
        var cpu = CpuUsage.Start(host);
        var elapsed = await Measure.TimeAsync(() => Task.WhenAll(members.Select(member => Task.Run(async () =>
        {
            while (true)
            {
                using var cycle = trace.Request();
                var next = await nextLatency.TimeAsync(() => member.Client.NextAsync(ProjectId, "Label"));
                if (next is null) return;
                claimed.Add(next.TaskId);
                await issueLatency.TimeAsync(() => member.Client.RaiseIssueAsync(ProjectId, next.TaskId, "benchmark"));
            }
        }))));
        var cpuText = cpu.Describe(size, "claim");
        trace.Dispose();

        var rate = Measure.PerSecond(claimed.Count, elapsed);
        var twice = claimed.GroupBy(id => id).Count(g => g.Count() > 1);
        var never = file.TaskIds.Except(claimed).Count();
        Console.WriteLine(
            $"  docket: {Measure.Count(claimed.Count)} claims in {elapsed.TotalSeconds:0.0} s = " +
            $"{Measure.Rate(rate, "claims")}; claimed twice: {twice}, never claimed: {never}");
        Console.WriteLine($"    {cpuText}");
        Console.WriteLine($"    next:  {nextLatency}");
        Console.WriteLine($"    issue: {issueLatency}");
        trace.PrintPerRequest("a claim (next + issue)",
            elapsed.TotalMilliseconds * Claimers / Math.Max(1, claimed.Count));

        var ratio = rate / rawRate;
        Console.WriteLine($"  ratio docket claims/s ÷ raw updates/s = {Measure.Ratio(ratio)}");
        return [new SummaryRow($"claims {Measure.Count(size)} × {Claimers}",
            $"{Measure.Rate(rate, "claims")}; twice {twice}, never {never}",
            Measure.Rate(rawRate, "updates"), Measure.Ratio(ratio), "0 twice, 0 never", twice == 0 && never == 0)];
    }
}
