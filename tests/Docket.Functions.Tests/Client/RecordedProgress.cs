using System.Collections.Concurrent;

namespace Docket.Functions.Tests.Client;

/// <summary>Keeps every report at once, in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
public sealed class RecordedProgress<T> : IProgress<T>
{
    public ConcurrentQueue<T> Reports { get; } = new();

    public void Report(T value) => Reports.Enqueue(value);
}
