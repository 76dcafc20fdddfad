namespace Docket.Domain.Tasks;

/// <summary>
/// The outcome of applying a rule to a task: the new state with its events, or why it may not happen.
/// </summary>
public sealed record TaskChange(AnnotationTask? Task, IReadOnlyList<TaskEvent> Events, Refusal? Refusal)
{
    public static TaskChange To(AnnotationTask task, params TaskEvent[] events) => new(task, events, null);
    public static TaskChange Refused(string reason, string code) =>
        new(null, [], Domain.Tasks.Refusal.Conflict(reason, code));
    public static TaskChange Refused(Refusal refusal) => new(null, [], refusal);
    public bool IsRefused => Refusal is not null;
}
