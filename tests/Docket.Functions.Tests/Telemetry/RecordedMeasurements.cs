using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Docket.Application.Telemetry;
using Docket.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Telemetry;

/// <summary>One measurement of meter "Docket": the instrument, the value and the tags.</summary>
public sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);

/// <summary>
/// What one host's meter "Docket" records while it is listened to (a MeterListener scoped to that host's meter
/// factory, so other hosts in the test process are not heard).
/// </summary>
public sealed class RecordedMeasurements : IDisposable
{
    readonly MeterListener listener = new();
    readonly ConcurrentQueue<Measured> measured = new();

    public RecordedMeasurements(RunningHost host)
    {
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DocketMetrics.MeterName && instrument.Meter.Scope == factory)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.Start();
    }

    void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        measured.Enqueue(new Measured(instrument.Name, value,
            tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));

    public IReadOnlyList<Measured> All => measured.ToList();

    /// <summary>Whether the instrument recorded a measurement with these tags (and any others).</summary>
    public bool Seen(string instrument, params (string Key, string Value)[] tags) =>
        measured.Any(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) == t.Value));

    /// <summary>Asks the observable gauges for their values now.</summary>
    public void Observe() => listener.RecordObservableInstruments();

    public void Dispose() => listener.Dispose();
}
