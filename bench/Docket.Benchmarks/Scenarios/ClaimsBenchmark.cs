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

        // The fair ruler: each item claimed and issued by hand, two reads and conditional writes of the rows Docket
        // writes, by as many workers, over a copy of Docket's rows (a table of as many rows).
        var fair = await FairWork.CopyAsync(await WrittenRows.ReadAsync(host.ConnectionString, ProjectId),
            host.ConnectionString);
        var fairTasks = fair.Pooled;
        var nextFair = -1;
        var fairElapsed = await Measure.TimeAsync(() =>
            Task.WhenAll(members.Select(member => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref nextFair); i < fairTasks.Count;
                 i = Interlocked.Increment(ref nextFair))
            {
                await fair.ClaimAsync(fairTasks[i], member.Email);
                await fair.IssueAsync(fairTasks[i], member.Email);
            }
        }))));
        var fairRate = Measure.PerSecond(fairTasks.Count, fairElapsed);
        Console.WriteLine(
            $"  fair raw: {Measure.Count(fairTasks.Count)} items claimed and issued by hand (6 calls, 19 entities " +
            $"an item) by {Claimers} workers in {fairElapsed.TotalSeconds:0.0} s = {Measure.Rate(fairRate, "items")}");

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

        var lagRow = await MeasureWebhookLagAsync(host, Math.Min(size, HookedSize));

        var ratio = rate / rawRate;
        Console.WriteLine($"  ratio docket claims/s ÷ raw updates/s = {Measure.Ratio(ratio)}");
        var fairRatio = rate / fairRate;
        var calls = trace.CountMarked().Marked / (double)Math.Max(1, claimed.Count);
        Console.WriteLine($"ratio fair claims/s = {Measure.Ratio(fairRatio)}");
        return
        [
            new SummaryRow($"claims {Measure.Count(size)} × {Claimers}",
                $"{Measure.Rate(rate, "claims")}; twice {twice}, never {never}",
                Measure.Rate(rawRate, "updates"), Measure.Ratio(ratio), "0 twice, 0 never", twice == 0 && never == 0),
            new SummaryRow($"claims {Measure.Count(size)} × {Claimers}, fair",
                $"{calls:0.0} calls, {trace.EntitiesPerRequest():0.0} entities a claim",
                $"two steps by hand: {Measure.Rate(fairRate, "items")}", Measure.Ratio(fairRatio),
                "≥ 0.6; ≤ 5 calls", fairRatio >= 0.6 && calls <= 5),
            lagRow,
        ];
    }

    const int HookedSize = 2_000;

    /// <summary>
    /// The same workload on a project of its own with a webhook subscribed to what a claim and an issue send
    /// (task.assigned, task.issue_raised): how long after each change its event reaches the receiver.
    /// </summary>
    static async Task<SummaryRow> MeasureWebhookLagAsync(BenchHost host, int size)
    {
        const string projectId = "bench-claims-hooked";
        await host.CreateProjectAsync(projectId, queueSize: 1);
        var members = await host.AddMembersAsync(projectId, Claimers, "hooked");
        await host.UploadAsync(projectId, TaskFiles.Generate(size, "hooked").Json);
        await using var receiver = new WebhookLag();
        await receiver.SubscribeAsync(host, projectId, "task.assigned", "task.issue_raised");

        var claims = 0;
        var elapsed = await Measure.TimeAsync(() => Task.WhenAll(members.Select(member => Task.Run(async () =>
        {
            while (await member.Client.NextAsync(projectId, "Label") is { } next)
            {
                Interlocked.Increment(ref claims);
                await member.Client.RaiseIssueAsync(projectId, next.TaskId, "benchmark");
            }
        }))));
        var arrived = await receiver.WaitForAsync(2 * claims, TimeSpan.FromMinutes(3));
        var lags = receiver.Lags();
        Console.WriteLine(
            $"  webhook: {Measure.Count(claims)} claims in {elapsed.TotalSeconds:0.0} s with a webhook; " +
            $"{Measure.Count(receiver.Events)} of {Measure.Count(2 * claims)} events arrived " +
            $"({Measure.Count(receiver.Calls)} calls); lag commit → receiver p50 {lags.Median / 1000:0.00} s, " +
            $"p95 {lags.Percentile(95) / 1000:0.00} s, max {lags.Max / 1000:0.00} s");
        return new SummaryRow($"webhook lag, claims {Measure.Count(claims)} × {Claimers}",
            $"p50 {lags.Median / 1000:0.00} s, p95 {lags.Percentile(95) / 1000:0.00} s",
            "—", "—", "every event arrives", arrived);
    }
}
