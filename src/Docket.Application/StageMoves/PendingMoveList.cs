using Docket.Application.DataPage;
using Docket.Application.Ports;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Microsoft.Extensions.Options;

namespace Docket.Application.StageMoves;

/// <summary>A task waiting for its stage move, as an operator sees it.</summary>
public sealed record PendingMoveView(AnnotationTask Task, PendingMove Move, int Resends, DateTimeOffset? LastResentAt,
    bool Stuck);

/// <summary>A page of pending moves, the longest waiting first.</summary>
public sealed record PendingMovePage(IReadOnlyList<PendingMoveView> Moves, string? NextCursor);

/// <summary>
/// The project's pending (or only its stuck) stage moves, from the pending-move index (which is small: a move is
/// pending for seconds unless something is wrong), each with its task as it is now.
/// </summary>
public sealed class PendingMoveList(IPendingMoveStore pendingMoves, ITaskReader tasks, CursorProtector cursors,
    IOptions<StageMoveOptions> options, TimeProvider clock)
{
    public const int MaxLimit = 100;

    /// <returns>The page, or null when the cursor is not one this list gave.</returns>
    public async Task<PendingMovePage?> ReadAsync(Project project, bool stuckOnly, string? cursor, int limit,
        CancellationToken cancellationToken)
    {
        var scope = $"moves|{project.ProjectId}|{(stuckOnly ? "stuck" : "pending")}";
        string? after = null;
        if (cursor is not null && !cursors.TryUnprotect(scope, cursor, out after)) return null;
        var now = clock.GetUtcNow();
        var stuckBefore = now - options.Value.StuckAfter;
        var entries = (await pendingMoves.ReadDecidedUntilAsync(project, stuckOnly ? stuckBefore : now,
                cancellationToken))
            .OrderBy(e => e.Position, StringComparer.Ordinal)
            .Where(e => after is null || string.CompareOrdinal(e.Position, after) > 0)
            .ToList();
        var page = entries.Take(limit).ToList();
        var read = await Task.WhenAll(page.Select(e => tasks.GetAsync(project, e.TaskId, cancellationToken)));
        var moves = page.Zip(read)
            .Where(p => p.Second?.Task.PendingMove is not null && pendingMoves.IsOf(p.First, p.Second.Task))
            .Select(p => new PendingMoveView(p.Second!.Task, p.Second.Task.PendingMove!, p.First.Resends,
                p.First.LastResentAt, p.Second.Task.PendingMove!.RequestedAt <= stuckBefore))
            .ToList();
        var next = entries.Count > limit ? cursors.Protect(scope, page[^1].Position) : null;
        return new PendingMovePage(moves, next);
    }
}
