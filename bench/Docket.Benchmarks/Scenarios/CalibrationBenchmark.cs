using Azure;
using Azure.Data.Tables;
using Docket.LocalHost.Azurite;
using Docket.LocalHost.Configuration;

namespace Docket.Benchmarks.Scenarios;

/// <summary>
/// What a write costs Azurite as its table grows: a batch transaction of 1, 4 and 8 entities (half replacing
/// entities that exist, half inserting new ones, as a task write does), and a lone replace, in one table filled to
/// 10,000, 100,000 and 500,000 task-sized entities. The slope between batch sizes is the cost of one entity more; the
/// batch of 1 is the cost of one request more: which of the two to cut first depends on their ratio.
/// </summary>
public static class CalibrationBenchmark
{
    public const int DefaultSize = 500_000;
    const int Samples = 40;
    static readonly int[] BatchSizes = [1, 4, 8];

    public static async Task<List<SummaryRow>> RunAsync(int largest)
    {
        var sizes = new[] { 10_000, 100_000, 500_000 }.Where(s => s < largest).Append(largest).Distinct().ToList();
        Console.WriteLine($"== calibration: Azurite's time for a write, tables of {string.Join(", ",
            sizes.Select(s => Measure.Count(s)))} entities ==");
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(RepositoryRoot.Locate());
        var raw = await RawTable.CreateAsync(azurite.ConnectionString, "Calibration");
        var rows = new List<SummaryRow>();
        var filled = 0;
        var fresh = 10_000_000;
        foreach (var size in sizes)
        {
            var fill = Measure.TimeAsync(() => raw.InsertAsync(Enumerable.Range(filled, size - filled)));
            Console.WriteLine($"  filled to {Measure.Count(size)} in {(await fill).TotalSeconds:0.0} s");
            filled = size;

            var figures = new List<string>();
            var lone = new Latencies();
            for (var sample = -3; sample < Samples; sample++)
            {
                var i = Random.Shared.Next(size);
                var entity = RawTable.Entity(i);
                var time = await Measure.TimeAsync(() =>
                    raw.Table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Replace));
                if (sample >= 0) lone.Add(time);
            }
            figures.Add($"lone replace {Measure.Ms(lone.Median)}");
            var medians = new Dictionary<int, double>();
            foreach (var batch in BatchSizes)
            {
                var times = new Latencies();
                for (var sample = -3; sample < Samples; sample++)
                {
                    // One partition: existing entities of it replaced, new ones of it inserted.
                    var partition = Random.Shared.Next(RawTable.Partitions);
                    var actions = new List<TableTransactionAction>();
                    for (var k = 0; k < batch; k++)
                    {
                        if (k % 2 == 0)
                        {
                            var existing = (Random.Shared.Next(size / RawTable.Partitions) * RawTable.Partitions)
                                + partition;
                            actions.Add(new(TableTransactionActionType.UpdateReplace, RawTable.Entity(existing),
                                ETag.All));
                        }
                        else
                        {
                            fresh += RawTable.Partitions - (fresh % RawTable.Partitions) + partition;
                            actions.Add(new(TableTransactionActionType.Add, RawTable.Entity(fresh)));
                        }
                    }
                    var time = await Measure.TimeAsync(() => raw.Table.SubmitTransactionAsync(actions));
                    if (sample >= 0) times.Add(time);
                }
                medians[batch] = times.Median;
                figures.Add($"batch of {batch} {Measure.Ms(times.Median)}");
            }
            var perEntity = (medians[8] - medians[1]) / 7;
            Console.WriteLine($"  {Measure.Count(size)} entities: {string.Join(", ", figures)}; " +
                              $"one entity more {Measure.Ms(perEntity)}, one request more {Measure.Ms(medians[1])}");
            Console.WriteLine($"ratio calibration {size} request/entity = {Measure.Ratio(medians[1] / perEntity)}");
            rows.Add(new SummaryRow($"calibration {Measure.Count(size)} rows",
                $"batch 1/4/8: {Measure.Ms(medians[1])} / {Measure.Ms(medians[4])} / {Measure.Ms(medians[8])}",
                $"lone replace {Measure.Ms(lone.Median)}", Measure.Ratio(medians[1] / perEntity),
                "— (request ÷ entity)", null));
        }
        return rows;
    }
}
