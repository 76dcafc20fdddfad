using Docket.Benchmarks;
using Docket.Benchmarks.Scenarios;

// dotnet run -c Release --project bench/Docket.Benchmarks --
//     <upload|next|claims|priority|finalize|datapage|calibrate|all> [--size N]
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
int? size = null;
var sizeAt = Array.IndexOf(args, "--size");
if (sizeAt >= 0)
{
    if (sizeAt + 1 >= args.Length || !int.TryParse(args[sizeAt + 1], out var parsed) || parsed <= 0)
        return Usage("--size needs a positive number");
    size = parsed;
}

var scenarios = new Dictionary<string, Func<int?, Task<List<SummaryRow>>>>
{
    ["upload"] = n => UploadBenchmark.RunAsync(n ?? UploadBenchmark.DefaultSize),
    ["next"] = n => NextBenchmark.RunAsync(n ?? NextBenchmark.DefaultSize),
    ["claims"] = n => ClaimsBenchmark.RunAsync(n ?? ClaimsBenchmark.DefaultSize),
    ["priority"] = n => PriorityBenchmark.RunAsync(n ?? PriorityBenchmark.DefaultSize),
    ["finalize"] = n => FinalizeBenchmark.RunAsync(n ?? FinalizeBenchmark.DefaultSize),
    ["datapage"] = n => DataPageBenchmark.RunAsync(n ?? DataPageBenchmark.DefaultSize),
    ["calibrate"] = n => CalibrationBenchmark.RunAsync(n ?? CalibrationBenchmark.DefaultSize),
};
if (scenario is null || (scenario != "all" && !scenarios.ContainsKey(scenario)))
    return Usage(scenario is null ? "name a scenario" : $"unknown scenario '{scenario}'");

var rows = new List<SummaryRow>();
var started = System.Diagnostics.Stopwatch.StartNew();
foreach (var (name, run) in scenarios.Where(s => scenario == "all" || s.Key == scenario))
{
    try
    {
        rows.AddRange(await run(size));
    }
    catch (Exception exception)
    {
        // One broken scenario should not hide the figures of the others.
        Console.WriteLine($"  {name} FAILED: {exception}");
        var message = exception.Message.ReplaceLineEndings(" ");
        rows.Add(new SummaryRow(name, "failed: " + message[..Math.Min(120, message.Length)], "", "", "", false));
    }
    Console.WriteLine();
}
Console.WriteLine($"Finished in {started.Elapsed.TotalMinutes:0.0} min on {Environment.ProcessorCount} cores.");
Summary.Print(rows);
return rows.Any(r => r.Figure.StartsWith("failed", StringComparison.Ordinal)) ? 1 : 0;

static int Usage(string problem)
{
    Console.Error.WriteLine(
        $"{problem}\nusage: Docket.Benchmarks <upload|next|claims|priority|finalize|datapage|calibrate|all> " +
        "[--size N]");
    return 2;
}
