namespace Docket.Functions.Tests.Infrastructure;

/// <summary>Real time plus an offset a test can move forward, so "idle for an hour" needs no hour of waiting.</summary>
public sealed class ShiftableClock : TimeProvider
{
    long offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() =>
        base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
}
