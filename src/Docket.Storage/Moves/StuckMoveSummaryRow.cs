using System.Text.Json;
using Azure.Data.Tables;
using Docket.Application.Configuration;
using Docket.Application.Health;
using Docket.Application.Ports;

namespace Docket.Storage.Moves;

/// <summary>
/// The sweep's count of stuck moves per project, one row ("ops", "stuck-moves") in the projects table, replaced by
/// each sweep (the projects with the most stuck moves first, at most <see cref="MaxProjects"/>).
/// </summary>
public sealed class StuckMoveSummaryRow(DocketTables tables) : IStuckMoveSummary
{
    const string Partition = "ops";
    const string Row = "stuck-moves";

    /// <summary>Keeps the row's JSON well inside a property's 64 KiB.</summary>
    public const int MaxProjects = 500;

    public async Task SaveAsync(IReadOnlyList<StuckMoves> stuck, DateTimeOffset sweptAt,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var kept = stuck.Where(s => s.Count > 0).OrderByDescending(s => s.Count).Take(MaxProjects).ToList();
        await tables.Projects.UpsertEntityAsync(new TableEntity(Partition, Row)
        {
            ["Projects"] = JsonSerializer.Serialize(kept, StoredJson.Options),
            ["SweptAt"] = sweptAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<(IReadOnlyList<StuckMoves> Stuck, DateTimeOffset SweptAt)?> ReadAsync(
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Projects.GetEntityIfExistsAsync<TableEntity>(Partition, Row,
            cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } row) return null;
        var stuck = JsonSerializer.Deserialize<List<StuckMoves>>(row.GetString("Projects") ?? "[]",
            StoredJson.Options) ?? [];
        return (stuck, row.GetDateTimeOffset("SweptAt") ?? DateTimeOffset.MinValue);
    }
}
