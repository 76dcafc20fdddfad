using System.Collections.Concurrent;
using Docket.Application.Assignment;
using Docket.Storage.Tasks;

namespace Docket.Storage.Pool;

/// <summary>
/// The best pool rows of each stage, merged across shards, kept in memory for a few seconds so that handing out
/// a task costs one point read and one batch rather than a range query per shard. The list is only a hint: each
/// claim re-reads the task and writes under its ETag, and nobody is told the pool is empty without a fresh read.
/// Writes on this instance that put a task into a pool drop the list at once; other instances' writes are seen
/// within <see cref="Lifetime"/>.
/// </summary>
public sealed class PoolCandidates(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    public const int RowsPerShard = 200;

    readonly ConcurrentDictionary<(string ProjectId, int StageIndex), StagePool> pools = new();

    public void Invalidate(string projectId, int stageIndex)
    {
        if (pools.TryGetValue((projectId, stageIndex), out var pool)) pool.Invalidate();
    }

    /// <summary>
    /// The next candidate, best first; null only when a read of the pool that began after this call found nothing.
    /// <paramref name="readShard"/> returns the first rows of one shard's pool in order.
    /// </summary>
    public async Task<PoolCandidate?> TakeAsync(string projectId, int stageIndex, int shardCount,
        Func<int, CancellationToken, Task<List<(string RowKey, string Version)>>> readShard,
        CancellationToken cancellationToken)
    {
        var pool = pools.GetOrAdd((projectId, stageIndex), _ => new StagePool());
        var asked = clock.GetUtcNow();
        if (pool.TryTake(clock.GetUtcNow(), out var candidate)) return candidate;

        await pool.Loading.WaitAsync(cancellationToken);
        try
        {
            // Someone may have loaded the pool while this caller waited: their read is as fresh as ours would be.
            if (!pool.LoadedSince(asked))
            {
                var loadStarted = clock.GetUtcNow();
                var shards = await Task.WhenAll(Enumerable.Range(0, shardCount).Select(s =>
                    readShard(s, cancellationToken)));
                pool.Fill(Merge(shards), loadStarted);
            }
            return pool.TryTake(clock.GetUtcNow(), out candidate, ignoreAge: true) ? candidate : null;
        }
        finally
        {
            pool.Loading.Release();
        }
    }

    /// <summary>
    /// Merges the shards' first rows. A shard that returned a full page may hold better rows than another shard's
    /// tail, so the merged list stops at the smallest last row among full pages.
    /// </summary>
    static List<PoolCandidate> Merge(IReadOnlyList<List<(string RowKey, string Version)>> shards)
    {
        var horizon = shards.Where(rows => rows.Count >= RowsPerShard).Select(rows => rows[^1].RowKey)
            .Min(StringComparer.Ordinal);
        return shards.SelectMany((rows, shard) => rows.Select(row =>
                new PoolCandidate(TaskKeys.TaskIdOfPoolRow(row.RowKey), shard, row.RowKey, row.Version)))
            .Where(c => horizon is null || string.CompareOrdinal(c.Position, horizon) <= 0)
            .OrderBy(c => c.Position, StringComparer.Ordinal)
            .ToList();
    }

    sealed class StagePool
    {
        readonly object gate = new();
        Queue<PoolCandidate> candidates = new();
        DateTimeOffset loadedAt = DateTimeOffset.MinValue;
        bool valid;

        public SemaphoreSlim Loading { get; } = new(1, 1);

        public void Invalidate()
        {
            lock (gate) valid = false;
        }

        public bool LoadedSince(DateTimeOffset instant)
        {
            lock (gate) return valid && loadedAt >= instant;
        }

        public void Fill(List<PoolCandidate> list, DateTimeOffset loadStarted)
        {
            lock (gate)
            {
                candidates = new Queue<PoolCandidate>(list);
                loadedAt = loadStarted;
                valid = true;
            }
        }

        public bool TryTake(DateTimeOffset now, out PoolCandidate candidate, bool ignoreAge = false)
        {
            lock (gate)
            {
                if ((ignoreAge || (valid && now - loadedAt < Lifetime)) && candidates.TryDequeue(out candidate!))
                    return true;
                candidate = null!;
                return false;
            }
        }
    }
}
