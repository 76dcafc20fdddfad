using Docket.Application.Health;

namespace Docket.Application.Ports;

/// <summary>
/// What the last move sweep counted across every project, kept in one row: health's detail reads it in one call
/// however many projects there are.
/// </summary>
public interface IStuckMoveSummary
{
    Task SaveAsync(IReadOnlyList<StuckMoves> stuck, DateTimeOffset sweptAt, CancellationToken cancellationToken);

    /// <returns>The projects with stuck moves as the last sweep saw them, and when; null before any sweep.</returns>
    Task<(IReadOnlyList<StuckMoves> Stuck, DateTimeOffset SweptAt)?> ReadAsync(CancellationToken cancellationToken);
}
