using Docket.Domain.Tasks;

namespace Docket.Application.Stats;

/// <summary>
/// One cell of a project's statistics: a stage, a status and (when someone holds the tasks) a person.
/// </summary>
public readonly record struct CounterKey(int StageIndex, AnnotationTaskStatus Status, string? Assignee);
