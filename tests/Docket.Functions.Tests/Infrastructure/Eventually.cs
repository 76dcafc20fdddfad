namespace Docket.Functions.Tests.Infrastructure;

/// <summary>
/// Polls for an outcome of background work (queues, timers, blobs) with a deadline, never a fixed sleep.
/// </summary>
public static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? timeout = null,
        string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(
                    $"Condition not met within the deadline{(because is null ? "" : ": " + because)}. "
                    + $"Last value: {value}");
            await Task.Delay(50);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null) =>
        HoldsAsync(() => Task.FromResult(condition()), ok => ok, timeout, because);
}
