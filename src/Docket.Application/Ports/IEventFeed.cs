using Docket.Application.Upload;
using Docket.Domain.Events;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Application.Ports;

/// <summary>
/// One committed change's outbound events at its place in the feed, with the task as it left it (task changes, a
/// stuck move) or the upload as it ended (upload events).
/// </summary>
public sealed record FeedEntry(string Position, AnnotationTask? Task, DateTimeOffset At,
    IReadOnlyList<TaskOutboundEvent> Events)
{
    public UploadView? Upload { get; init; }

    /// <summary>What the entry's event ids start with: "{taskId}.{version}" for a task change.</summary>
    public required string IdPrefix { get; init; }
}

/// <summary>
/// The feed rows task writes leave in each shard, in the order of their positions (opaque strings that sort
/// ordinally in the order of the writers' clocks).
/// </summary>
public interface IEventFeed
{
    /// <summary>
    /// Up to <paramref name="limit"/> entries of one shard (shards 0 to ShardCount - 1 hold the tasks' entries;
    /// "shard" ShardCount the project's own, such as its uploads') from <paramref name="from"/> (inclusive; null: the
    /// beginning) written before <paramref name="before"/>, in position order.
    /// </summary>
    Task<IReadOnlyList<FeedEntry>> ReadShardAsync(Project project, int shard, string? from, DateTimeOffset before,
        int limit, CancellationToken cancellationToken);

    /// <summary>The entry at <paramref name="position"/> (of the task's shard; without a task, of the project's
    /// own entries), or null when there is none.</summary>
    Task<FeedEntry?> ReadEntryAsync(Project project, string? taskId, string position,
        CancellationToken cancellationToken);

    /// <summary>
    /// Writes the event of an upload that ended (its record is the outbox: called until it succeeds, before the
    /// upload is marked cleaned up). Once per upload and ending: false when it was written before.
    /// </summary>
    Task<bool> AppendUploadEventAsync(Project project, UploadView upload, string type,
        CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="max"/> of the project's entries written before
    /// <paramref name="before"/>; returns how many it deleted.</summary>
    Task<int> PruneAsync(Project project, DateTimeOffset before, int max, CancellationToken cancellationToken);

    /// <summary>A position before every entry written at or after <paramref name="instant"/> and after every one
    /// written before it.</summary>
    string PositionAt(DateTimeOffset instant);
}
