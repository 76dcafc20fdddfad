using System.Collections.Concurrent;

namespace Docket.Storage.Caching;

/// <summary>
/// Values remembered for a few seconds on this instance. Writes through the owning store replace or forget them at
/// once; other instances' writes are seen when the entry expires. Absent values are not remembered.
/// </summary>
public sealed class ShortLivedCache<TKey, TValue>(TimeProvider clock, TimeSpan lifetime)
    where TKey : notnull where TValue : class
{
    readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Expires)> entries = new();

    public async Task<TValue?> GetOrLoadAsync(TKey key, Func<Task<TValue?>> load)
    {
        if (entries.TryGetValue(key, out var entry) && entry.Expires > clock.GetUtcNow()) return entry.Value;
        var value = await load();
        if (value is null) entries.TryRemove(key, out _);
        else Set(key, value);
        return value;
    }

    public void Set(TKey key, TValue value) => entries[key] = (value, clock.GetUtcNow() + lifetime);

    public void Forget(TKey key) => entries.TryRemove(key, out _);
}
