namespace Docket.Functions.Tests.Infrastructure;

/// <summary>A clock that only moves when the test moves it, for rules that count time exactly.</summary>
public sealed class ManualClock : TimeProvider
{
    long ticks = DateTimeOffset.UtcNow.UtcTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);
}
