using Docket.Domain.Tasks;

namespace Docket.Domain.Events;

/// <summary>One event a task change sends out: its wire type and, for a review's finalize, the decision.</summary>
public sealed record TaskOutboundEvent(string Type, string? Review = null);

/// <summary>
/// Which events a committed task change sends out, from the audit events the change recorded: the audit trail is
/// finer (a skipped review, a notice to a manual holder) and some of its entries go out as one (a finalize with its
/// review decision). Creating a task sends <see cref="OutboundEventTypes.TaskCreated"/> before whatever its
/// creation recorded (a pre-assignment).
/// </summary>
public static class TaskOutboundEvents
{
    public static IReadOnlyList<TaskOutboundEvent> OfCreation(IReadOnlyList<TaskEvent> recorded) =>
        [new TaskOutboundEvent(OutboundEventTypes.TaskCreated), .. Of(recorded)];

    public static IReadOnlyList<TaskOutboundEvent> Of(IReadOnlyList<TaskEvent> recorded)
    {
        var review = recorded.FirstOrDefault(e => e.Type is TaskEventTypes.Accepted or TaskEventTypes.Rejected)?.Type
            switch
        {
            TaskEventTypes.Accepted => "accept",
            TaskEventTypes.Rejected => "reject",
            _ => null,
        };
        var events = new List<TaskOutboundEvent>();
        foreach (var e in recorded)
        {
            var type = e.Type switch
            {
                TaskEventTypes.Assigned or TaskEventTypes.Reassigned => OutboundEventTypes.TaskAssigned,
                TaskEventTypes.Unassigned or TaskEventTypes.Released => OutboundEventTypes.TaskUnassigned,
                TaskEventTypes.Submitted => OutboundEventTypes.TaskSubmitted,
                TaskEventTypes.Skipped => OutboundEventTypes.TaskSkipped,
                TaskEventTypes.Issue => OutboundEventTypes.TaskIssueRaised,
                TaskEventTypes.Resolve => OutboundEventTypes.TaskIssueResolved,
                TaskEventTypes.Finalized => OutboundEventTypes.TaskFinalized,
                TaskEventTypes.EnteredStage => OutboundEventTypes.TaskEnteredStage,
                TaskEventTypes.Completed => OutboundEventTypes.TaskCompleted,
                TaskEventTypes.PriorityChanged => OutboundEventTypes.TaskPriorityChanged,
                _ => null,
            };
            if (type is not null)
                events.Add(new TaskOutboundEvent(type, type == OutboundEventTypes.TaskFinalized ? review : null));
        }
        return events;
    }
}
