using Docket.Application.Tasks;
using Docket.Domain.Projects;

namespace Docket.Functions.Tasks;

/// <summary>
/// The "taskIds" list of a bulk request, with each task read; unknown ids become errors naming their entry.
/// </summary>
public static class TaskSelection
{
    public const int MaxTasksPerCall = 1000;

    public sealed record Selected(string TaskId, string Field, StoredTask? Task);

    public static async Task<List<Selected>> ReadAsync(FieldReader fields, Project project, TaskQueries tasks,
        CancellationToken cancellationToken)
    {
        var taskIds = fields.StringList("taskIds", MaxTasksPerCall);
        if (taskIds is null or { Count: 0 })
        {
            if (fields.Errors.All(e => e.Field != "taskIds")) fields.Fail("taskIds", "must list at least one task");
            return [];
        }
        // Too many, or not all strings: refused before a single task is read.
        if (fields.Errors.Any(e => e.Field.StartsWith("taskIds", StringComparison.Ordinal))) return [];
        var distinct = taskIds.Select((id, index) => (id, index)).DistinctBy(t => t.id).ToList();
        var read = await tasks.GetManyAsync(project, distinct.Select(t => t.id).ToList(), cancellationToken);
        var selected = distinct.Select((t, i) => new Selected(t.id, $"taskIds[{t.index}]", read[i])).ToList();
        foreach (var missing in selected.Where(s => s.Task is null))
            fields.Fail(missing.Field, $"no task '{missing.TaskId}'");
        return selected;
    }
}
