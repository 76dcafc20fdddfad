namespace Docket.Application.Configuration;

/// <summary>
/// How many storage calls one operation keeps in flight. Enough to hide latency, few enough that one bulk request
/// does not starve the others sharing the account (Table Storage serves ~2,000 entities/s per partition).
/// </summary>
public static class StorageParallelism
{
    /// <summary>Point reads of tasks named in one request (bulk ids, a page's tasks).</summary>
    public const int PointReads = 32;

    /// <summary>Batch transactions in flight at once, each in its own shard or person's partition.</summary>
    public const int Batches = 8;

    /// <summary>Tasks updated one by one (read, decide, write) at once by a bulk request.</summary>
    public const int TaskUpdates = 16;

    /// <summary>The options of a parallel loop that keeps at most <paramref name="inFlight"/> calls going.</summary>
    public static ParallelOptions Options(int inFlight, CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken };
}
