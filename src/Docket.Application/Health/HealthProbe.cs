using Docket.Application.Ports;

namespace Docket.Application.Health;

/// <summary>
/// Whether storage answers, asked at most once every few seconds per instance: health is anonymous, so a flood of
/// probes must not become a flood of storage calls.
/// </summary>
public sealed class HealthProbe(IStorageHealth storage, TimeProvider clock)
{
    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    readonly SemaphoreSlim probing = new(1, 1);
    (bool Reachable, string? Failure, DateTimeOffset At)? last;

    /// <returns>Whether storage answered, and if not, the kind of failure (for the log).</returns>
    public async Task<(bool Reachable, string? Failure)> ProbeAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } known) return known;
        await probing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } probed) return probed;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            (bool, string?) outcome;
            try
            {
                await storage.PingAsync(timeout.Token);
                outcome = (true, null);
            }
            catch (Exception exception) when (exception is not OperationCanceledException
                                              || !cancellationToken.IsCancellationRequested)
            {
                outcome = (false, exception.GetType().Name);
            }
            last = (outcome.Item1, outcome.Item2, clock.GetUtcNow());
            return outcome;
        }
        finally
        {
            probing.Release();
        }
    }

    (bool, string?)? Fresh() =>
        last is { } known && clock.GetUtcNow() - known.At < CacheLifetime ? (known.Reachable, known.Failure) : null;
}
