using Docket.Application.Tasks;
using Docket.Domain.Projects;

namespace Docket.Functions.Tasks;

/// <summary>
/// The tasks a bulk request lists, each read; unknown ids become errors naming their entry.
/// </summary>
public static class TaskSelection
{
    public sealed record Selected(string TaskId, string Field, StoredTask? Task);

    /// <param name="taskIds">As read by <see cref="BulkRequests"/>; nothing is read when their shape was wrong.</param>
    public static async Task<List<Selected>> ReadAsync(IReadOnlyList<string> taskIds, FieldReader fields,
        Project project, TaskQueries tasks, CancellationToken cancellationToken)
    {
        // Too many, or not all strings: refused before a single task is read.
        if (taskIds.Count == 0 || fields.Errors.Any(e => e.Field.StartsWith("taskIds", StringComparison.Ordinal)))
            return [];
        var distinct = taskIds.Select((id, index) => (id, index)).DistinctBy(t => t.id).ToList();
        var read = await tasks.GetManyAsync(project, distinct.Select(t => t.id).ToList(), cancellationToken);
        var selected = distinct.Select((t, i) => new Selected(t.id, $"taskIds[{t.index}]", read[i])).ToList();
        foreach (var missing in selected.Where(s => s.Task is null))
            fields.Fail(missing.Field, $"no task '{missing.TaskId}'");
        return selected;
    }
}
