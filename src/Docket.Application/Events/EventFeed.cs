using Docket.Application.DataPage;
using Docket.Application.Ports;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Microsoft.Extensions.Options;

namespace Docket.Application.Events;

/// <summary>An event of the feed: its stable id, wire type, when its change committed, and the task it left.</summary>
public sealed record FeedEvent(string Id, string Type, DateTimeOffset Timestamp, AnnotationTask Task);

/// <summary>A page of the feed and where to go on from (the end of the page, also when it is empty).</summary>
public sealed record FeedPage(IReadOnlyList<FeedEvent> Events, string NextCursor);

/// <summary>
/// The event feed of a project: every committed change's outbound events, merged across shards in the order of
/// their feed rows (which follows each task's versions), resumable from any cursor the feed gave. A consumer that
/// stops and goes on from its last cursor sees every event once.
/// </summary>
public sealed class EventFeed(IEventFeed feed, CursorProtector cursors, IOptions<EventOptions> options,
    TimeProvider clock)
{
    public const int MaxLimit = 500;

    /// <summary>Where a page ended: the feed row and how many of its events were already given.</summary>
    sealed record Position(string Row, int Given);

    /// <returns>The page, or null when the cursor is not one this feed (with these types) gave.</returns>
    public async Task<FeedPage?> ReadAsync(Project project, string? cursor, IReadOnlySet<string>? types, int limit,
        CancellationToken cancellationToken)
    {
        var scope = $"events|{project.ProjectId}|{(types is null ? "*" : string.Join(',', types.Order()))}";
        Position? after = null;
        if (cursor is not null && !cursors.TryUnprotect(scope, cursor, out after)) return null;

        var before = clock.GetUtcNow() - options.Value.FeedSettle;
        var shards = await Task.WhenAll(Enumerable.Range(0, project.ShardCount).Select(shard =>
            feed.ReadShardAsync(project, shard, after?.Row is { Length: > 0 } row ? row : null, before, limit,
                cancellationToken)));
        // A shard that returned a full page may hold more rows past its last: the merge stops before them.
        var frontier = shards.Where(rows => rows.Count == limit).Select(rows => rows[^1].Position)
            .DefaultIfEmpty(null).Min(StringComparer.Ordinal);

        var events = new List<FeedEvent>(limit);
        var position = after;
        foreach (var entry in shards.SelectMany(rows => rows).OrderBy(e => e.Position, StringComparer.Ordinal))
        {
            if (frontier is not null && string.CompareOrdinal(entry.Position, frontier) > 0) break;
            var skip = entry.Position == after?.Row ? after.Given : 0;
            for (var i = skip; i < entry.Events.Count; i++)
            {
                if (events.Count == limit) return new FeedPage(events, cursors.Protect(scope, position));
                var outbound = entry.Events[i];
                position = new Position(entry.Position, i + 1);
                if (types is not null && !types.Contains(outbound.Type)) continue;
                events.Add(new FeedEvent($"{entry.Task.TaskId}.{entry.Task.Version}.{i}", outbound.Type, entry.At,
                    entry.Task));
            }
        }
        return new FeedPage(events, cursors.Protect(scope, position ?? new Position("", 0)));
    }
}
