
namespace Docket.Benchmarks.Scenarios;

/// <summary>
/// Issue 5: the latency of POST …/stages/Label/next with a small and a large pool. Members (queueSize 1) call once
/// each, one after another, so every call claims exactly one task from the pool. The baseline is the smallest
/// possible claim: read one entity, then replace it under its ETag, in a table with as many rows as the pool has
/// tasks. Both pools run side by side (a host and an Azurite each) and every round calls each of them and each
/// baseline once, so warm-up, tiered JIT and load from elsewhere on the machine fall on all four series alike.
/// </summary>
public static class NextBenchmark
{
    public const int DefaultSize = 100_000;
    public const int SmallPool = 1_000;
    const int Callers = 200;
    const int WarmUpCallers = 20;
    const string ProjectId = "bench-next";

    sealed class Pool(int size, BenchHost host, List<Member> members, RawTable raw, FairWork fair)
        : IAsyncDisposable
    {
        public int Size => size;
        public BenchHost Host => host;
        public List<Member> Members => members;
        public RawTable Raw => raw;
        public FairWork Fair => fair;
        public Queue<string> FairTasks { get; } = new(fair.Pooled);
        public Latencies Docket { get; } = new();
        public Latencies RawLatencies { get; } = new();
        public Latencies FairLatencies { get; } = new();
        public StorageTrace Trace { get; } = new(host.StoragePorts);
        public HashSet<string> Seen { get; } = [];

        public ValueTask DisposeAsync()
        {
            Trace.Dispose();
            return host.DisposeAsync();
        }
    }

    public static async Task<List<SummaryRow>> RunAsync(int size)
    {
        int[] sizes = size <= SmallPool ? [size] : [SmallPool, size];
        var pools = new List<Pool>();
        try
        {
            foreach (var poolSize in sizes)
                pools.Add(await SetUpAsync(poolSize));

            Console.WriteLine(
                $"== next: {Callers} rounds; each calls next once on every pool (a new member each " +
                $"time) and the raw baseline once ==");
            var random = new Random(7);
            for (var round = 0; round < Callers; round++)
                foreach (var pool in pools)
                    await MeasureOnceAsync(pool, pool.Members[WarmUpCallers + round],
                        random.Next(0, pool.Size - WarmUpCallers));

            foreach (var pool in pools)
            {
                pool.Trace.Dispose();
                Console.WriteLine($"  pool of {Measure.Count(pool.Size)}:");
                Console.WriteLine($"    docket next: {pool.Docket}");
                Console.WriteLine($"    raw read + conditional update: {pool.RawLatencies}");
                Console.WriteLine(
                    $"    ratio median ÷ raw median = " +
                    $"{Measure.Ratio(pool.Docket.Median / pool.RawLatencies.Median)} (target ≤ 3)");
                Console.WriteLine($"    fair raw claim (read, the same 8-entity batch, a queue row; a table of as " +
                                  $"many rows): {pool.FairLatencies}");
                Console.WriteLine($"ratio fair next {Measure.Count(pool.Size)} = " +
                                  $"{Measure.Ratio(pool.Docket.Median / pool.FairLatencies.Median)}");
                pool.Trace.PrintPerRequest("next", pool.Docket.Mean);
            }
            return SummaryRows(pools);
        }
        finally
        {
            foreach (var pool in pools)
                await pool.DisposeAsync();
        }
    }

    static async Task<Pool> SetUpAsync(int size)
    {
        Console.WriteLine(
            $"== next: setting up a pool of {Measure.Count(size)} tasks and {Callers} members with queueSize 1 ==");
        var host = await BenchHost.StartAsync();
        try
        {
            await host.CreateProjectAsync(ProjectId, queueSize: 1);
            var members = await host.AddMembersAsync(ProjectId, Callers + WarmUpCallers, "next");
            var upload = await host.UploadAsync(ProjectId, TaskFiles.Generate(size, "next").Json);
            Console.WriteLine(
                $"  uploaded {Measure.Count(upload.Created)} tasks in {upload.Elapsed.TotalSeconds:0.0} s");
            var raw = await RawTable.CreateAsync(host.ConnectionString, "RawNext");
            await raw.InsertAsync(size);
            var fair = await FairWork.CopyAsync(await WrittenRows.ReadAsync(host.ConnectionString, ProjectId),
                host.ConnectionString);

            // Warm up (JIT, connections, the pool candidates cache) with members who are not measured.
            foreach (var member in members.Take(WarmUpCallers))
                await NextAsync(member);
            for (var i = 0; i < WarmUpCallers; i++)
                await raw.ReadAndUpdateAsync(size - 1 - i);
            var pool = new Pool(size, host, members, raw, fair);
            foreach (var member in members.Take(WarmUpCallers))
                await fair.ClaimAsync(pool.FairTasks.Dequeue(), member.Email);
            return pool;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    static async Task MeasureOnceAsync(Pool pool, Member member, int rawRow)
    {
        // An annotator asking for work has been using their key: let the host verify it (and record the member's
        // activity) outside the timed call, as it would have on the previous request.
        await member.Client.GetProjectAsync(ProjectId);
        using (pool.Trace.Request())
        {
            var taskId = await pool.Docket.TimeAsync(() => NextAsync(member));
            if (!pool.Seen.Add(taskId)) throw new InvalidOperationException($"Task {taskId} was handed out twice.");
        }
        await pool.RawLatencies.TimeAsync(async () => { await pool.Raw.ReadAndUpdateAsync(rawRow); return 0; });
        var fairTask = pool.FairTasks.Dequeue();
        await pool.FairLatencies.TimeAsync(async () =>
        {
            await pool.Fair.ClaimAsync(fairTask, member.Email);
            return 0;
        });
    }

    static async Task<string> NextAsync(Member member) =>
        (await member.Client.NextAsync(ProjectId, "Label"))?.TaskId
        ?? throw new InvalidOperationException("next found no task in a full pool.");

    static List<SummaryRow> SummaryRows(List<Pool> pools)
    {
        var rows = pools.Select(pool =>
        {
            var ratio = pool.Docket.Median / pool.RawLatencies.Median;
            return new SummaryRow($"next, pool {Measure.Count(pool.Size)}",
                $"median {Measure.Ms(pool.Docket.Median)}, p99 {Measure.Ms(pool.Docket.P99)}",
                $"median {Measure.Ms(pool.RawLatencies.Median)}, p99 {Measure.Ms(pool.RawLatencies.P99)}",
                Measure.Ratio(ratio), "median ≤ 3× raw", ratio <= 3);
        }).ToList();
        rows.AddRange(pools.Select(pool =>
        {
            var ratio = pool.Docket.Median / pool.FairLatencies.Median;
            var calls = pool.Trace.CountMarked().Marked / (double)Math.Max(1, pool.Docket.Count);
            return new SummaryRow($"next, pool {Measure.Count(pool.Size)}, fair",
                $"median {Measure.Ms(pool.Docket.Median)}; {calls:0.0} calls",
                $"read + same batch + queue row: median {Measure.Ms(pool.FairLatencies.Median)}",
                Measure.Ratio(ratio), "≤ 2×; ≤ 4 calls", ratio <= 2 && calls <= 4);
        }));
        if (pools.Count == 2)
        {
            var growth = pools[1].Docket.Median / pools[0].Docket.Median;
            var rawGrowth = pools[1].RawLatencies.Median / pools[0].RawLatencies.Median;
            Console.WriteLine(
                $"  median with {Measure.Count(pools[1].Size)} ÷ median with {Measure.Count(pools[0].Size)} = " +
                $"{Measure.Ratio(growth)} (target ≤ 1.2); p99 × " +
                $"{Measure.Ratio(pools[1].Docket.P99 / pools[0].Docket.P99)}; the raw baseline's " +
                $"median × {Measure.Ratio(rawGrowth)}");
            rows.Add(new SummaryRow($"next growth {Measure.Count(pools[0].Size)} → {Measure.Count(pools[1].Size)}",
                $"median × {Measure.Ratio(growth)}", $"median × {Measure.Ratio(rawGrowth)}", Measure.Ratio(growth),
                "≤ 1.2", growth <= 1.2));
        }
        return rows;
    }
}
