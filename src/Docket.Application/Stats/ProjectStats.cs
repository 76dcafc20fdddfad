using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Application.Ports;

namespace Docket.Application.Stats;

/// <summary>Counts of one stage, by status.</summary>
public sealed record StageCounts(string StageName, IReadOnlyDictionary<AnnotationTaskStatus, long> Counts)
{
    public long Total => Counts.Values.Sum();
}

/// <summary>A person's counts, stage by stage.</summary>
public sealed record AssigneeCounts(string Email, IReadOnlyList<StageCounts> Stages);

public sealed record ProjectCounts(IReadOnlyList<StageCounts> Stages, IReadOnlyList<AssigneeCounts>? Assignees);

/// <summary>
/// The dashboard's counts per stage and status (and per person), from the counter rows each task change writes
/// in its own batch: a read costs the shards' counter rows, never a scan of the tasks.
/// </summary>
public sealed class ProjectStats(ICounterStore counters)
{
    /// <param name="onlyOf">Count only the tasks this person holds (a member's own view).</param>
    public async Task<ProjectCounts> ReadAsync(Project project, bool byAssignee, string? onlyOf,
        CancellationToken cancellationToken)
    {
        var cells = (await counters.ReadAsync(project, cancellationToken))
            .Where(c => onlyOf is null || c.Key.Assignee == onlyOf)
            .ToList();
        var stages = StagesOf(project, cells);
        var assignees = !byAssignee ? null
            : cells.Where(c => c.Key.Assignee is not null).GroupBy(c => c.Key.Assignee!)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new AssigneeCounts(g.Key, StagesOf(project, g.ToList()))).ToList();
        return new ProjectCounts(stages, assignees);
    }

    static List<StageCounts> StagesOf(Project project, IReadOnlyCollection<KeyValuePair<CounterKey, long>> cells) =>
        project.Workflow.Stages.Select(stage => new StageCounts(stage.Name,
                Enum.GetValues<AnnotationTaskStatus>().ToDictionary(
                    status => status,
                    status => cells.Where(c => c.Key.StageIndex == stage.Index && c.Key.Status == status)
                        .Sum(c => c.Value))))
            .ToList();
}
