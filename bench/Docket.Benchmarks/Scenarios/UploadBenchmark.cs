using Docket.LocalHost.Azurite;
using Docket.LocalHost.Configuration;

namespace Docket.Benchmarks.Scenarios;

/// <summary>
/// Issue 4: one large items file through the chunked path (202, queue-driven ingestion) until the upload says
/// Completed, against plain parallel batch inserts of as many entities.
/// </summary>
public static class UploadBenchmark
{
    public const int DefaultSize = 100_000;
    const string ProjectId = "bench-upload";

    public static async Task<List<SummaryRow>> RunAsync(int size)
    {
        Console.WriteLine(
            $"== upload: {Measure.Count(size)} tasks (2 series, metaData, 30% prioritised, 10% preAssigned) ==");
        await using var host = await BenchHost.StartAsync();
        await host.CreateProjectAsync(ProjectId, queueSize: 5);
        var labeler = await host.AddMemberAsync(ProjectId, "labeler@docket.bench");
        var file = TaskFiles.Generate(size, "up", prioritisedShare: 0.3, preAssignedShare: 0.1,
            preAssignTo: labeler.Email);
        Console.WriteLine(
            $"  items file: {file.Json.Length / 1024.0 / 1024.0:0.0} MiB, {file.Json.Length / size} bytes an entry");

        // The baseline first: were it second, it would run on a heap already holding Docket's rows, which can
        // only make it slower and the ratio look better.
        var raw = await RawTable.CreateAsync(host.ConnectionString, "RawUpload");
        var rawCpu = CpuUsage.Start(host);
        var rawElapsed = await Measure.TimeAsync(() => raw.InsertAsync(size));
        var rawCpuText = rawCpu.Describe(size, "entity");
        var rawRate = Measure.PerSecond(size, rawElapsed);
        Console.WriteLine(
            $"  raw: {Measure.Count(size)} entities in {rawElapsed.TotalSeconds:0.0} s = " +
            $"{Measure.Rate(rawRate, "entities")} (batches of {RawTable.BatchSize}, {RawTable.Partitions} " +
            $"partitions, {RawTable.ParallelBatches} in parallel)");
        Console.WriteLine($"    {rawCpuText}");

        using var trace = new StorageTrace(host.StoragePorts);
        var cpu = CpuUsage.Start(host);
        var outcome = await host.UploadAsync(ProjectId, file.Json);
        var cpuText = cpu.Describe(size, "task");
        trace.Dispose();
        if (!outcome.LargePath)
            Console.WriteLine(
                "  note: the file was small enough for the synchronous path (no 202); use a " +
                "larger --size for the chunked path");
        if (outcome.Created != size)
            throw new InvalidOperationException($"Upload created {outcome.Created} tasks, expected {size}.");
        var rate = Measure.PerSecond(size, outcome.Elapsed);
        Console.WriteLine(
            $"  docket: {Measure.Count(size)} tasks in {outcome.Elapsed.TotalSeconds:0.0} s = " +
            $"{Measure.Rate(rate, "tasks")} (202 after {outcome.Accepted.TotalSeconds:0.0} s, then queue ingestion)");
        Console.WriteLine($"    {cpuText}");
        trace.PrintAll("the upload");

        var entitiesPerTask = trace.EntitiesWritten() / (double)size;
        Console.WriteLine($"    entities written per task: {entitiesPerTask:0.00} (every table, chunk bookkeeping " +
                          "included)");

        var ratio = rate / rawRate;
        Console.WriteLine($"  ratio docket tasks/s ÷ raw entities/s = {Measure.Ratio(ratio)} (target ≥ 0.5)");

        // The fair ruler: the very rows Docket wrote for these tasks, written by hand in the same partitions, in an
        // Azurite of their own (so neither side runs on a heap the other filled).
        var written = await WrittenRows.ReadAsync(host.ConnectionString, ProjectId);
        await using var fairAzurite = await AzuriteProcess.StartInMemoryAsync(RepositoryRoot.Locate());
        var fairCpu = CpuUsage.Start(fairAzurite.ProcessId);
        var fairElapsed = await written.InsertAsync(fairAzurite.ConnectionString);
        var fairCpuText = fairCpu.Describe(size, "task");
        var fairRate = Measure.PerSecond(size, fairElapsed);
        Console.WriteLine(
            $"  fair raw: the same {Measure.Count(written.Count)} rows ({written.Count / (double)size:0.00} a task, " +
            $"{written.Partitions.Count} partitions) in {fairElapsed.TotalSeconds:0.0} s = " +
            $"{Measure.Rate(fairRate, "tasks")} (batches of {RawTable.BatchSize}, {RawTable.ParallelBatches} in " +
            "parallel)");
        Console.WriteLine($"    {fairCpuText}");
        var fairRatio = rate / fairRate;
        Console.WriteLine($"ratio fair upload tasks/s = {Measure.Ratio(fairRatio)}");
        return
        [
            new SummaryRow($"upload {Measure.Count(size)}", Measure.Rate(rate, "tasks"),
                Measure.Rate(rawRate, "entities"), Measure.Ratio(ratio), "≥ 0.5", ratio >= 0.5),
            new SummaryRow($"upload {Measure.Count(size)}, fair", $"{entitiesPerTask:0.00} entities a task",
                $"same rows: {Measure.Rate(fairRate, "tasks")}", Measure.Ratio(fairRatio),
                "≥ 0.8; ≤ 3.5 entities a task", fairRatio >= 0.8 && entitiesPerTask <= 3.5),
        ];
    }
}
