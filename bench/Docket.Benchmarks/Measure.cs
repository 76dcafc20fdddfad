using System.Diagnostics;
using System.Globalization;

namespace Docket.Benchmarks;

/// <summary>Stopwatch timing and percentiles, nothing more: each benchmark's numbers come from here.</summary>
public static class Measure
{
    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var stopwatch = Stopwatch.StartNew();
        await action();
        return stopwatch.Elapsed;
    }

    public static double PerSecond(int count, TimeSpan elapsed) => count / elapsed.TotalSeconds;

    public static string Rate(double perSecond, string unit) =>
        $"{perSecond.ToString("N0", CultureInfo.InvariantCulture)} {unit}/s";

    public static string Ms(double milliseconds) =>
        milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>Latencies of single operations, in milliseconds.</summary>
public sealed class Latencies
{
    readonly List<double> milliseconds = [];

    public int Count => milliseconds.Count;

    public void Add(TimeSpan elapsed)
    {
        lock (milliseconds) milliseconds.Add(elapsed.TotalMilliseconds);
    }

    public async Task<T> TimeAsync<T>(Func<Task<T>> operation)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await operation();
        Add(stopwatch.Elapsed);
        return result;
    }

    public double Median => Percentile(50);
    public double P99 => Percentile(99);
    public double Mean => milliseconds.Average();
    public double Max => milliseconds.Max();

    /// <summary>Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it.</summary>
    public double Percentile(double p)
    {
        var sorted = milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public override string ToString() =>
        $"median {Measure.Ms(Median)}, p99 {Measure.Ms(P99)}, mean {Measure.Ms(Mean)}, max " +
        $"{Measure.Ms(Max)} ({Count} samples)";
}
