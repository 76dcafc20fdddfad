using Docket.Application.DataPage;
using Docket.Application.Ports;
using Docket.Application.Upload;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Microsoft.Extensions.Options;

namespace Docket.Application.Events;

/// <summary>
/// An event of the feed: its stable id, wire type, when its change committed, and the task it left (or the upload
/// it is about).
/// </summary>
/// <param name="Source">The feed row it is in and its place there, to read it again by.</param>
public sealed record FeedEvent(string Id, string Type, DateTimeOffset Timestamp, AnnotationTask? Task,
    FeedSourceRef Source)
{
    public UploadView? Upload { get; init; }
}

/// <summary>An event's feed row and its index among the row's events.</summary>
public sealed record FeedSourceRef(string Position, int Index);

/// <summary>A page of the feed and where to go on from (the end of the page, also when it is empty).</summary>
public sealed record FeedPage(IReadOnlyList<FeedEvent> Events, string NextCursor);

/// <summary>
/// Where a reader of the feed stands: a feed row's position and how many of its events were given. Positions sort
/// ordinally, by the row first.
/// </summary>
public sealed record FeedPosition(string Row, int Given) : IComparable<FeedPosition>
{
    public static readonly FeedPosition Start = new("", 0);

    public int CompareTo(FeedPosition? other)
    {
        if (other is null) return 1;
        var byRow = string.CompareOrdinal(Row, other.Row);
        return byRow != 0 ? byRow : Given.CompareTo(other.Given);
    }

    public static FeedPosition Max(FeedPosition a, FeedPosition b) => a.CompareTo(b) >= 0 ? a : b;
    public static FeedPosition Min(FeedPosition a, FeedPosition b) => a.CompareTo(b) <= 0 ? a : b;
}

/// <summary>A run of the feed read from a position, and the position after it.</summary>
public sealed record FeedRun(IReadOnlyList<FeedEvent> Events, FeedPosition End);

/// <summary>
/// The event feed of a project: every committed change's outbound events, merged across shards in the order of
/// their feed rows (which follows each task's versions), resumable from any cursor the feed gave. A consumer that
/// stops and goes on from its last cursor sees every event once.
/// </summary>
public sealed class EventFeed(IEventFeed feed, CursorProtector cursors, IOptions<EventOptions> options,
    TimeProvider clock)
{
    public const int MaxLimit = 500;

    /// <returns>The page, or null when the cursor is not one this feed (with these types) gave.</returns>
    public async Task<FeedPage?> ReadAsync(Project project, string? cursor, IReadOnlySet<string>? types, int limit,
        CancellationToken cancellationToken)
    {
        var scope = $"events|{project.ProjectId}|{(types is null ? "*" : string.Join(',', types.Order()))}";
        FeedPosition? after = null;
        if (cursor is not null && !cursors.TryUnprotect(scope, cursor, out after)) return null;
        var run = await ReadAsync(project, after ?? FeedPosition.Start, types, limit, Settled, cancellationToken);
        return new FeedPage(run.Events, cursors.Protect(scope, run.End));
    }

    /// <summary>The instant before which the feed has settled: no change still being written has a place there.
    /// </summary>
    public DateTimeOffset Settled => clock.GetUtcNow() - options.Value.FeedSettle;

    /// <summary>The position just before every feed row placed at or after <paramref name="instant"/>.</summary>
    public FeedPosition PositionAt(DateTimeOffset instant) => new(feed.PositionAt(instant), 0);

    /// <summary>
    /// Up to <paramref name="limit"/> events after <paramref name="after"/> placed before <paramref name="until"/>,
    /// in feed order. Reading before <see cref="Settled"/> never passes an event still being written; reading up to
    /// the present sees events sooner, and a later read from a settled position may see some of them again.
    /// </summary>
    public async Task<FeedRun> ReadAsync(Project project, FeedPosition after, IReadOnlySet<string>? types,
        int limit, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // The tasks' shards, and the project's own entries after them.
        var shards = await Task.WhenAll(Enumerable.Range(0, project.ShardCount + 1).Select(shard =>
            feed.ReadShardAsync(project, shard, after.Row is { Length: > 0 } row ? row : null, until, limit,
                cancellationToken)));
        // A shard that returned a full page may hold more rows past its last: the merge stops before them.
        var frontier = shards.Where(rows => rows.Count == limit).Select(rows => rows[^1].Position)
            .DefaultIfEmpty(null).Min(StringComparer.Ordinal);

        var events = new List<FeedEvent>(limit);
        var position = after;
        foreach (var entry in shards.SelectMany(rows => rows).OrderBy(e => e.Position, StringComparer.Ordinal))
        {
            if (frontier is not null && string.CompareOrdinal(entry.Position, frontier) > 0) break;
            var skip = entry.Position == after.Row ? after.Given : 0;
            for (var i = skip; i < entry.Events.Count; i++)
            {
                if (events.Count == limit) return new FeedRun(events, position);
                position = new FeedPosition(entry.Position, i + 1);
                if (Of(entry, i) is { } found && (types is null || types.Contains(found.Type))) events.Add(found);
            }
        }
        return new FeedRun(events, position);
    }

    /// <summary>The event at <paramref name="source"/>, read again from its feed row; null when it is gone.</summary>
    public async Task<FeedEvent?> ReadOneAsync(Project project, string? taskId, FeedSourceRef source,
        CancellationToken cancellationToken) =>
        await feed.ReadEntryAsync(project, taskId, source.Position, cancellationToken) is { } entry
            && source.Index < entry.Events.Count
            ? Of(entry, source.Index)
            : null;

    static FeedEvent Of(FeedEntry entry, int index) => new($"{entry.IdPrefix}.{index}", entry.Events[index].Type,
        entry.At, entry.Task, new FeedSourceRef(entry.Position, index))
    {
        Upload = entry.Upload,
    };
}
