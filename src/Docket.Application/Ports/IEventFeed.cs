using Docket.Domain.Events;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Application.Ports;

/// <summary>One committed change's outbound events, at its place in the feed, with the task as it left it.</summary>
public sealed record FeedEntry(string Position, AnnotationTask Task, DateTimeOffset At,
    IReadOnlyList<TaskOutboundEvent> Events);

/// <summary>
/// The feed rows task writes leave in each shard, in the order of their positions (opaque strings that sort
/// ordinally in the order of the writers' clocks).
/// </summary>
public interface IEventFeed
{
    /// <summary>
    /// Up to <paramref name="limit"/> entries of one shard from <paramref name="from"/> (inclusive; null: the
    /// beginning) written before <paramref name="before"/>, in position order.
    /// </summary>
    Task<IReadOnlyList<FeedEntry>> ReadShardAsync(Project project, int shard, string? from, DateTimeOffset before,
        int limit, CancellationToken cancellationToken);

    /// <summary>The entry of a task's change at <paramref name="position"/>, or null when there is none.</summary>
    Task<FeedEntry?> ReadEntryAsync(Project project, string taskId, string position,
        CancellationToken cancellationToken);

    /// <summary>A position before every entry written at or after <paramref name="instant"/> and after every one
    /// written before it.</summary>
    string PositionAt(DateTimeOffset instant);
}
