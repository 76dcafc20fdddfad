using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Docket.Benchmarks;

/// <summary>
/// Records every storage call the in-process host makes (Azure SDK requests are HttpClient requests), so a
/// benchmark can say where a request's time goes. A benchmark marks its own requests with <see cref="Request"/>;
/// the trace context travels over HTTP into the host (traceparent), so the storage calls a request causes share
/// its trace id. Calls that belong to no marked request (queue triggers, pollers) are kept as background. The
/// entities each call writes come from <see cref="EntityWrites"/>, attributed the same way.
/// </summary>
public sealed class StorageTrace : IDisposable
{
    static readonly ActivitySource Source = new("Docket.Benchmarks");

    public sealed record Call(ActivityTraceId TraceId, string Kind, double Milliseconds);

    public sealed record Write(ActivityTraceId TraceId, string Table, int Entities);

    readonly HashSet<int> storagePorts;
    readonly ConcurrentQueue<Call> calls = new();
    readonly ConcurrentQueue<Write> writes = new();
    readonly ConcurrentDictionary<ActivityTraceId, bool> requests = new();
    readonly ActivityListener listener;

    public StorageTrace(IEnumerable<int> storagePorts)
    {
        this.storagePorts = [.. storagePorts];
        listener = new ActivityListener
        {
            // Our marker, ASP.NET Core's request (so it continues the caller's trace) and outgoing HTTP calls.
            ShouldListenTo = source =>
                source.Name is "Docket.Benchmarks" or "Microsoft.AspNetCore" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(listener);
        EntityWrites.Instance.Written += OnWritten;
    }

    void OnWritten(ActivityTraceId traceId, string table, int entities) =>
        writes.Enqueue(new Write(traceId, table, entities));

    /// <summary>Marks one benchmark request; dispose it when the request is done.</summary>
    public Activity Request()
    {
        var activity = Source.StartActivity("bench", ActivityKind.Client, parentContext: default)!;
        requests[activity.TraceId] = true;
        return activity;
    }

    public IReadOnlyCollection<Call> Calls => calls;

    void Record(Activity activity)
    {
        if (activity.Source.Name != "System.Net.Http" || activity.GetTagItem("url.full") is not string url) return;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !storagePorts.Contains(uri.Port)) return;
        var method = activity.GetTagItem("http.request.method") as string ?? "?";
        calls.Enqueue(new Call(activity.TraceId, Describe(method, uri), activity.Duration.TotalMilliseconds));
    }

    /// <summary>"GET Tasks(point)", "GET Tasks(query)", "POST $batch", "PUT queue message" and so on.</summary>
    static string Describe(string method, Uri uri)
    {
        var segments = Uri.UnescapeDataString(uri.AbsolutePath).Trim('/').Split('/', 3);
        var resource = segments.Length > 1 ? segments[1] : "";
        if (resource.StartsWith("$batch", StringComparison.Ordinal)) return $"{method} $batch";
        if (resource.Contains('('))
        {
            var table = resource[..resource.IndexOf('(')];
            var kind = resource.Contains("PartitionKey=", StringComparison.Ordinal) ? "point" : "query";
            return $"{method} {table}({kind})";
        }
        // Queues and blobs: name the container or queue, not the message or blob.
        return segments.Length > 2
            ? $"{method} {resource}/{(segments[2].Contains("messages") ? "messages" : "…")}"
            : $"{method} {resource}";
    }

    /// <summary>
    /// Storage calls per marked request and their mean duration, by kind; and how much of a request's latency the
    /// storage calls account for when summed (parallel calls make the sum an upper bound of their share).
    /// </summary>
    public void PrintPerRequest(string title, double meanRequestMilliseconds)
    {
        var mine = calls.Where(c => requests.ContainsKey(c.TraceId)).ToList();
        var requestCount = Math.Max(1, requests.Count);
        Console.WriteLine($"    storage calls behind {title} ({requests.Count} requests): " +
                          $"{(mine.Count / (double)requestCount).ToString("0.0", CultureInfo.InvariantCulture)} per " +
                          $"request, summed {Measure.Ms(mine.Sum(c => c.Milliseconds) / requestCount)} of a mean " +
                          $"{Measure.Ms(meanRequestMilliseconds)} per request");
        PrintKinds(mine, requestCount, "per request");
        PrintWrites(writes.Where(w => requests.ContainsKey(w.TraceId)).ToList(), requestCount, "request");
    }

    /// <summary>Entities the marked requests wrote, per request.</summary>
    public double EntitiesPerRequest() =>
        writes.Where(w => requests.ContainsKey(w.TraceId)).Sum(w => w.Entities) / (double)Math.Max(1, requests.Count);

    /// <summary>Entities written in the window, marked or not (queue-triggered work included).</summary>
    public long EntitiesWritten() => writes.Sum(w => (long)w.Entities);

    /// <summary>Every storage call in the window (including queue-triggered work), by kind.</summary>
    public void PrintAll(string title)
    {
        var all = calls.ToList();
        Console.WriteLine(
            $"    storage calls during {title}: {Measure.Count(all.Count)}, summed " +
            $"{Measure.Ms(all.Sum(c => c.Milliseconds))}");
        PrintKinds(all, 1, "calls");
        PrintWrites(writes.ToList(), 1, "window");
    }

    /// <summary>How many of the recorded calls marked requests caused, of how many recorded in all.</summary>
    public (int Marked, int All) CountMarked()
    {
        var all = calls.ToList();
        return (all.Count(c => requests.ContainsKey(c.TraceId)), all.Count);
    }

    /// <summary>
    /// Calls that no request marked on this trace or on <paramref name="others"/> caused — queue-triggered work,
    /// the listeners' polling, timers — per item of the phase, by kind.
    /// </summary>
    public void PrintUnmarked(string title, int items, string unit, params StorageTrace[] others)
    {
        var unmarked = calls.Where(c =>
            !requests.ContainsKey(c.TraceId) && !others.Any(o => o.requests.ContainsKey(c.TraceId))).ToList();
        var perItem = Math.Max(1, items);
        Console.WriteLine($"    storage calls {title}: {Measure.Count(unmarked.Count)}, " +
                          $"{(unmarked.Count / (double)perItem).ToString("0.0", CultureInfo.InvariantCulture)} per " +
                          $"{unit}, summed {Measure.Ms(unmarked.Sum(c => c.Milliseconds) / perItem)} per {unit}");
        PrintKinds(unmarked, perItem, $"per {unit}");
        PrintWrites(writes.Where(w => !requests.ContainsKey(w.TraceId) && !others.Any(o => o.requests.ContainsKey(
            w.TraceId))).ToList(), perItem, unit);
    }

    /// <summary>"entities written: 8.02 per request (Tasks 7.02, Queues 1.00)".</summary>
    static void PrintWrites(List<Write> list, int divisor, string unit)
    {
        string Per(long entities) =>
            (entities / (double)divisor).ToString(divisor == 1 ? "N0" : "0.00", CultureInfo.InvariantCulture);
        var tables = list.GroupBy(w => w.Table).OrderByDescending(g => g.Sum(w => w.Entities))
            .Select(g => $"{g.Key} {Per(g.Sum(w => (long)w.Entities))}");
        Console.WriteLine($"      entities written: {Per(list.Sum(w => (long)w.Entities))} per {unit} " +
                          $"({string.Join(", ", tables)})");
    }

    static void PrintKinds(List<Call> list, int divisor, string unit)
    {
        foreach (var kind in list.GroupBy(c => c.Kind).OrderByDescending(g => g.Sum(c => c.Milliseconds)))
        {
            var sorted = kind.Select(c => c.Milliseconds).Order().ToList();
            var count = (kind.Count() / (double)divisor)
                .ToString(divisor == 1 ? "N0" : "0.00", CultureInfo.InvariantCulture);
            Console.WriteLine(
                $"      {kind.Key,-34} {count,8} {unit}   mean {Measure.Ms(sorted.Average()),9}   median " +
                $"{Measure.Ms(sorted[sorted.Count / 2]),9}   max {Measure.Ms(sorted[^1]),9}");
        }
    }

    /// <summary>Stops recording; what was recorded stays readable. Safe to call twice.</summary>
    public void Dispose()
    {
        listener.Dispose();
        EntityWrites.Instance.Written -= OnWritten;
    }
}
