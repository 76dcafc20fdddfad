using System.Diagnostics;
using System.Globalization;

namespace Docket.Benchmarks;

/// <summary>
/// CPU time spent by Azurite (a single-threaded Node process) and by this process (the benchmark client and the
/// in-process Docket host) over a phase. On two cores this shows which side a throughput figure is bound by:
/// Azurite near one full core means storage is the bottleneck, and CPU per item compares Docket with raw.
/// </summary>
public sealed class CpuUsage
{
    readonly Process azurite;
    readonly TimeSpan azuriteStart;
    readonly TimeSpan selfStart;
    readonly Stopwatch wall = Stopwatch.StartNew();

    CpuUsage(int azuriteProcessId)
    {
        azurite = Process.GetProcessById(azuriteProcessId);
        azuriteStart = azurite.TotalProcessorTime;
        selfStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    public static CpuUsage Start(BenchHost host) => new(host.AzuriteProcessId);

    /// <summary>For an Azurite of a baseline's own.</summary>
    public static CpuUsage Start(int azuriteProcessId) => new(azuriteProcessId);

    /// <summary>CPU time of Azurite and of this process since the start, and the wall time.</summary>
    public (TimeSpan Azurite, TimeSpan Self, TimeSpan Wall) Spent()
    {
        azurite.Refresh();
        return (azurite.TotalProcessorTime - azuriteStart, Process.GetCurrentProcess().TotalProcessorTime - selfStart,
            wall.Elapsed);
    }

    public string Describe(int items, string unit)
    {
        azurite.Refresh();
        var azuriteCpu = azurite.TotalProcessorTime - azuriteStart;
        var selfCpu = Process.GetCurrentProcess().TotalProcessorTime - selfStart;
        var seconds = wall.Elapsed.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU over {seconds:0.0} s: Azurite {azuriteCpu.TotalSeconds:0.0} s " +
            $"({azuriteCpu.TotalSeconds / seconds:P0} of a core, {azuriteCpu.TotalMilliseconds / items:0.00} ms a " +
            $"{unit}), this process {selfCpu.TotalSeconds:0.0} s " +
            $"({selfCpu.TotalMilliseconds / items:0.00} ms a {unit})");
    }
}
