namespace Docket.Application.Indexing;

public enum ReindexStatus
{
    Running,
    Completed,
}

/// <summary>Where one shard's backfill is: the page to read next (null: the first), and whether it is done.</summary>
public sealed record ReindexShard(int Shard, string? Continuation, bool Done, int Indexed);

/// <summary>
/// A project's backfill of listing and counter rows: one at a time per project, its progress kept per shard so that
/// a chain of page messages broken by a crash or a poisoned message can be resumed where it was.
/// </summary>
public sealed record ReindexRun(
    string ProjectId,
    string ReindexId,
    ReindexStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset LastProgressAt,
    IReadOnlyList<ReindexShard> Shards)
{
    public int Indexed => Shards.Sum(s => s.Indexed);
}
