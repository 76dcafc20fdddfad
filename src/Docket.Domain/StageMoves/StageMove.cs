using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Domain.StageMoves;

/// <summary>
/// Carries out a pending move: where the task goes and how it arrives. Accept and Label finalize go to the next
/// stage (skipping review stages the task is not sampled for); reject goes back to the first Label stage, to the
/// labeler who labeled it; an admin's send goes where they said. Entering a stage applies that stage's preAssign
/// when the person may still work there, else the task waits in the stage's pool; Ground Truth completes it.
/// Priority is never touched.
/// </summary>
public static class StageMove
{
    /// <param name="mayWork">Whether a person is a member with access to a stage now.</param>
    public static TaskChange Apply(AnnotationTask task, Project project, Func<string, string, bool> mayWork,
        DateTimeOffset now)
    {
        var move = task.PendingMove ?? throw new InvalidOperationException("The task has no pending move.");
        var workflow = project.Workflow;
        var from = workflow.Find(move.FromStage)
            ?? throw new InvalidOperationException($"Unknown stage '{move.FromStage}'.");
        var events = new List<TaskEvent>();
        var cleared = task with
        {
            PendingMove = null,
            SkippedAt = null,
            IssueComment = null,
            HolderNotice = null,
            UpdatedAt = now,
            // Finalized when decided; recorded once the move that completes the stage is carried out.
            LabeledAt = move.Kind == MoveKind.Finalize && from.Kind == StageKind.Label ? move.RequestedAt
                : task.LabeledAt,
            ReviewedAt = move.Kind is MoveKind.Accept or MoveKind.Reject ? move.RequestedAt : task.ReviewedAt,
        };

        if (move.Kind == MoveKind.Reject)
        {
            var label = workflow.First;
            var back = cleared with { StageName = label.Name, LastReview = ReviewOutcome.Failed, QueuedAt = now };
            events.Add(Entered(label, from, move, now));
            if (task.Labeler is { } labeler && mayWork(labeler, label.Name))
                return AssignedOnArrival(back, labeler, AssignedBy.Reject, "reject", events, now);
            events.Add(TaskEvent.Of(TaskEventTypes.PoolInstead, "system", "reject", now,
                ("stage", label.Name), ("labeler", task.Labeler),
                ("reason", task.Labeler is null
                    ? "no labeler on record"
                    : "the labeler may no longer work in this stage")));
            return new TaskChange(Pool(back), events, null);
        }

        Stage target;
        if (move.Kind == MoveKind.Send)
        {
            target = workflow.Find(move.ToStage!)
                ?? throw new InvalidOperationException($"Unknown stage '{move.ToStage}'.");
        }
        else
        {
            target = workflow.After(from)!;
            while (target.Kind == StageKind.Review
                && !ReviewSampling.IsSampled(task.TaskId, target.Name, project.SettingsOf(target).ReviewPercent))
            {
                events.Add(TaskEvent.Of(TaskEventTypes.ReviewSkipped, "system", "sampling", now,
                    ("stage", target.Name)));
                target = workflow.After(target)!;
            }
        }

        var arrived = cleared with
        {
            StageName = target.Name,
            QueuedAt = now,
            LastReview = move.Kind == MoveKind.Accept ? ReviewOutcome.Passed : cleared.LastReview,
        };
        events.Add(Entered(target, from, move, now));

        if (target.IsTerminal)
        {
            events.Add(TaskEvent.Of(TaskEventTypes.Completed, "system", null, now, ("stage", target.Name)));
            return new TaskChange(
                arrived with { Status = AnnotationTaskStatus.Completed, Assignee = null, AssignedBy = null },
                events, null);
        }
        if (task.PreAssign.TryGetValue(target.Name, out var preAssigned))
        {
            if (mayWork(preAssigned, target.Name))
                return AssignedOnArrival(arrived, preAssigned, AssignedBy.PreAssign, "preAssign", events, now);
            events.Add(TaskEvent.Of(TaskEventTypes.PreAssignSkipped, "system", "preAssign", now, ("stage", target.Name),
                ("email", preAssigned), ("reason", "no longer a member with access to the stage")));
        }
        return new TaskChange(Pool(arrived), events, null);
    }

    /// <summary>
    /// The task arrives in its stage held by <paramref name="assignee"/>; the event says how (reject, preAssign).
    /// </summary>
    static TaskChange AssignedOnArrival(AnnotationTask arrived, string assignee, AssignedBy by, string how,
        List<TaskEvent> events, DateTimeOffset now)
    {
        events.Add(TaskEvent.Of(TaskEventTypes.Assigned, "system", how, now, ("stage", arrived.StageName),
            ("assignee", assignee)));
        var held = arrived with { Status = AnnotationTaskStatus.Assigned, Assignee = assignee, AssignedBy = by };
        return new TaskChange(held, events, null);
    }

    static AnnotationTask Pool(AnnotationTask task) =>
        task with { Status = AnnotationTaskStatus.Unassigned, Assignee = null, AssignedBy = null };

    static TaskEvent Entered(Stage target, Stage from, PendingMove move, DateTimeOffset now) =>
        TaskEvent.Of(TaskEventTypes.EnteredStage, move.Kind == MoveKind.Send ? move.Actor : "system",
            move.Kind.ToString().ToLowerInvariant(), now,
            ("stage", target.Name), ("from", from.Name), ("moveId", move.MoveId));
}
