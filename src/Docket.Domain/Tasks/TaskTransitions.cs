namespace Docket.Domain.Tasks;

/// <summary>
/// The task state machine of one stage. Each rule takes the current task and returns its next state with the
/// audit events, or a reason it may not happen now (answered as 409). Queue position is derived from the state
/// (see <see cref="OrderKeys.QueuePosition"/>), so a skipped task moves to the end of its holder's queue.
/// </summary>
public static class TaskTransitions
{
    public static TaskChange Claim(AnnotationTask task, string assignee, DateTimeOffset now)
    {
        if (task.PendingMove is not null) return Moving;
        if (task.Status != AnnotationTaskStatus.Unassigned)
            return TaskChange.Refused("the task is no longer in the pool", RefusalCodes.TaskState);
        return TaskChange.To(Assign(task, assignee, AssignedBy.Auto, now),
            TaskEvent.Of(TaskEventTypes.Assigned, assignee, "auto", now, ("stage", task.StageName),
                ("assignee", assignee)));
    }

    public static TaskChange Save(AnnotationTask task, string actor, DateTimeOffset now) =>
        task.PendingMove is not null ? Moving
        : !task.Status.IsInQueue() ? Refused(task, "saved")
        : TaskChange.To(task with { Status = AnnotationTaskStatus.InProgress, SkippedAt = null, UpdatedAt = now },
            TaskEvent.Of(TaskEventTypes.Saved, actor, null, now, ("stage", task.StageName)));

    public static TaskChange Submit(AnnotationTask task, string actor, DateTimeOffset now) =>
        task.PendingMove is not null ? Moving
        : !task.Status.IsInQueue() ? Refused(task, "submitted")
        : TaskChange.To(task with { Status = AnnotationTaskStatus.Staged, SkippedAt = null, UpdatedAt = now },
            TaskEvent.Of(TaskEventTypes.Submitted, actor, null, now, ("stage", task.StageName)));

    /// <param name="skippedByActor">How many tasks the actor holds skipped in the task's stage now.</param>
    /// <param name="maxSkipped">The stage's limit: a skip that would hold more is refused (skipping a task already
    /// skipped holds no more).</param>
    public static TaskChange Skip(AnnotationTask task, string actor, DateTimeOffset now, int skippedByActor,
        int maxSkipped) =>
        task.Status != AnnotationTaskStatus.Skipped && task.Status.IsInQueue() && task.PendingMove is null
            && skippedByActor >= maxSkipped
            ? TaskChange.Refused($"you hold {skippedByActor} skipped tasks in {task.StageName}, the most it allows; " +
                "finish or release one first", RefusalCodes.TooManySkipped)
            : Skip(task, actor, now);

    public static TaskChange Skip(AnnotationTask task, string actor, DateTimeOffset now) =>
        task.PendingMove is not null ? Moving
        : !task.Status.IsInQueue() ? Refused(task, "skipped")
        : TaskChange.To(task with { Status = AnnotationTaskStatus.Skipped, SkippedAt = now, UpdatedAt = now },
            TaskEvent.Of(TaskEventTypes.Skipped, actor, null, now, ("stage", task.StageName)));

    /// <summary>
    /// The holder gives the task back: to the stage's pool, keeping its place in line and its priority. A draft
    /// (IN_PROGRESS, STAGED) is discarded, and the event says so.
    /// </summary>
    public static TaskChange Release(AnnotationTask task, string actor, DateTimeOffset now) =>
        task.PendingMove is not null ? Moving
        : !task.Status.IsInQueue() ? Refused(task, "released")
        : BackToPool(task, actor, "holder", "released by the holder", now);

    /// <summary>
    /// The task back in its stage's pool without an admin (its holder gave it back, or rebalancing took it), keeping
    /// its place in line and its priority, with the <c>released</c> event; a draft (IN_PROGRESS, STAGED) is
    /// discarded and the event says so.
    /// </summary>
    public static TaskChange BackToPool(AnnotationTask task, string actor, string how, string reason,
        DateTimeOffset now)
    {
        var started = task.Status is AnnotationTaskStatus.InProgress or AnnotationTaskStatus.Staged;
        return TaskChange.To(task with
        {
            Status = AnnotationTaskStatus.Unassigned,
            Assignee = null,
            AssignedBy = null,
            SkippedAt = null,
            HolderNotice = null,
            UpdatedAt = now,
        },
            started
                ? TaskEvent.Of(TaskEventTypes.Released, actor, how, now, ("stage", task.StageName),
                    ("previous", task.Assignee), ("reason", reason), ("draft", "discarded"),
                    ("status", task.Status.ToApi()))
                : TaskEvent.Of(TaskEventTypes.Released, actor, how, now, ("stage", task.StageName),
                    ("previous", task.Assignee), ("reason", reason)));
    }

    public static TaskChange RaiseIssue(AnnotationTask task, string actor, string comment, DateTimeOffset now) =>
        task.PendingMove is not null ? Moving
        : !task.Status.IsInQueue() ? Refused(task, "given an issue")
        : TaskChange.To(task with
        {
            Status = AnnotationTaskStatus.Problem,
            IssueComment = comment,
            SkippedAt = null,
            UpdatedAt = now
        },
            TaskEvent.Of(TaskEventTypes.Issue, actor, null, now, ("stage", task.StageName), ("comment", comment)));

    public static TaskChange Resolve(AnnotationTask task, string actor, string? comment, DateTimeOffset now) =>
        task.Status != AnnotationTaskStatus.Problem ? Refused(task, "resolved")
        : TaskChange.To(task with { Status = AnnotationTaskStatus.Assigned, IssueComment = null, UpdatedAt = now },
            TaskEvent.Of(TaskEventTypes.Resolve, actor, null, now, ("stage", task.StageName),
                ("assignee", task.Assignee),
                ("comment", comment)));

    /// <summary>
    /// Manual or programmatic assignment in the task's current stage: assign, reassign, or unassign (null).
    /// </summary>
    public static TaskChange AssignManually(AnnotationTask task, string? assignee, string actor, DateTimeOffset now)
    {
        if (task.PendingMove is not null) return Moving;
        if (task.Status == AnnotationTaskStatus.Completed)
            return TaskChange.Refused(Projects.Stage.TaskInGroundTruth, RefusalCodes.TaskState);
        if (assignee is null)
        {
            if (task.Assignee is null) return TaskChange.To(task);
            // Back to the pool, keeping its place in line (queuedAt) and its priority.
            return TaskChange.To(task with
            {
                Status = AnnotationTaskStatus.Unassigned,
                Assignee = null,
                AssignedBy = null,
                SkippedAt = null,
                IssueComment = null,
                UpdatedAt = now,
            },
                TaskEvent.Of(TaskEventTypes.Unassigned, actor, "manual", now, ("stage", task.StageName),
                    ("previous", task.Assignee)));
        }
        if (task.Assignee == assignee && task.Status != AnnotationTaskStatus.Problem)
        {
            // Already theirs: the manual mark is all that changes, so nothing automatic takes it away.
            return task.AssignedBy == AssignedBy.Manual ? TaskChange.To(task)
                : TaskChange.To(task with { AssignedBy = AssignedBy.Manual, UpdatedAt = now },
                    TaskEvent.Of(TaskEventTypes.Assigned, actor, "manual", now, ("stage", task.StageName),
                        ("assignee", assignee)));
        }
        var type = task.Assignee is null ? TaskEventTypes.Assigned : TaskEventTypes.Reassigned;
        return TaskChange.To(Assign(task, assignee, AssignedBy.Manual, now) with { IssueComment = null },
            TaskEvent.Of(type, actor, "manual", now, ("stage", task.StageName), ("assignee", assignee),
                ("previous", task.Assignee)));
    }

    /// <summary>
    /// The assignee completes their stage. Label stages take no decision; review stages must accept or reject.
    /// The move itself happens on the queue; until then the task waits outside every queue with its pending move.
    /// </summary>
    public static TaskChange Finalize(AnnotationTask task, Projects.Stage stage, ReviewDecision? decision, string actor,
        string moveId, DateTimeOffset now)
    {
        if (DecisionRefusal(stage, decision) is { } refusal) return TaskChange.Refused(refusal);
        if (task.PendingMove is not null) return Moving;
        if (!task.Status.CanFinalize()) return Refused(task, "finalized");
        var kind = decision switch
        {
            null => MoveKind.Finalize,
            ReviewDecision.Accept => MoveKind.Accept,
            _ => MoveKind.Reject,
        };
        var finalized = task with
        {
            PendingMove = new PendingMove(moveId, kind, task.StageName, null, actor, now),
            Labeler = stage.Kind == Projects.StageKind.Label ? actor : task.Labeler,
            SkippedAt = null,
            UpdatedAt = now,
        };
        var events = new List<TaskEvent> { TaskEvent.Of(TaskEventTypes.Finalized, actor, null, now,
            ("stage", task.StageName)) };
        if (decision is not null)
        {
            var type = decision == ReviewDecision.Accept ? TaskEventTypes.Accepted : TaskEventTypes.Rejected;
            events.Add(TaskEvent.Of(type, actor, null, now, ("stage", task.StageName)));
        }
        return new TaskChange(finalized, events, null);
    }

    /// <summary>
    /// A review stage is finalized with a decision (accept or reject), a Label stage without one; nothing is
    /// finalized in Ground Truth. Checked before the task's state, as a property of the request itself.
    /// </summary>
    public static Refusal? DecisionRefusal(Projects.Stage stage, ReviewDecision? decision) =>
        (stage.Kind, decision) switch
        {
            (Projects.StageKind.Review, null) =>
                Refusal.Invalid("review", "a review stage needs \"accept\" or \"reject\""),
            (Projects.StageKind.Label, not null) => Refusal.Invalid("review", "a Label stage takes no review decision"),
            (Projects.StageKind.GroundTruth, _) => Refusal.Conflict(Projects.Stage.TaskInGroundTruth, RefusalCodes.TaskState),
            _ => null,
        };

    /// <summary>An admin sends the task to any stage, Ground Truth included (and back from it).</summary>
    /// <remarks>
    /// Safe to repeat: a task already in <paramref name="toStage"/>, or already being sent there, is left as it is
    /// (a second move would put it back in the pool and drop its holder's work); one moving elsewhere is refused.
    /// </remarks>
    public static TaskChange Send(AnnotationTask task, string toStage, string actor, string moveId,
        DateTimeOffset now) =>
        task.PendingMove is { } move
            ? move.Kind == MoveKind.Send && move.ToStage == toStage
                ? TaskChange.To(task)
                : TaskChange.Refused(move.ToStage is { } elsewhere
                    ? $"the task is already moving to {elsewhere}"
                    : "the task is finalized and moving to its next stage", RefusalCodes.PendingMove)
        : task.StageName == toStage ? TaskChange.To(task)
        : TaskChange.To(task with
        {
            PendingMove = new PendingMove(moveId, MoveKind.Send, task.StageName, toStage, actor, now),
            UpdatedAt = now
        },
            TaskEvent.Of(TaskEventTypes.MoveRequested, actor, "manual", now, ("from", task.StageName),
                ("to", toStage)));

    /// <summary>
    /// An admin gives up a pending stage move (one that cannot be carried out, or that was a mistake): the task
    /// stays in its stage as it was, back in its holder's queue or the stage's pool.
    /// </summary>
    public static TaskChange CancelMove(AnnotationTask task, string actor, DateTimeOffset now) =>
        task.PendingMove is not { } move ? TaskChange.Refused("the task has no pending stage move",
            RefusalCodes.NoPendingMove)
        : TaskChange.To(task with { PendingMove = null, UpdatedAt = now },
            TaskEvent.Of(TaskEventTypes.MoveCancelled, actor, "manual", now, ("stage", task.StageName),
                ("moveId", move.MoveId),
                ("kind", move.Kind.ToString().ToLowerInvariant()), ("to", move.ToStage)));

    public static TaskChange ChangePriority(AnnotationTask task, Priority? priority, string actor,
        DateTimeOffset now) =>
        task.Priority == priority ? TaskChange.To(task)
        : TaskChange.To(task with { Priority = priority, UpdatedAt = now },
            TaskEvent.Of(TaskEventTypes.PriorityChanged, actor, "manual", now, ("from", task.Priority?.ToString()),
                ("to", priority?.ToString())));

    static AnnotationTask Assign(AnnotationTask task, string assignee, AssignedBy how, DateTimeOffset now) =>
        task with
        {
            Status = AnnotationTaskStatus.Assigned,
            Assignee = assignee,
            AssignedBy = how,
            SkippedAt = null,
            HolderNotice = null,
            UpdatedAt = now
        };

    /// <summary>
    /// While a decided move is under way the task belongs to no queue: nothing else may change its holder or state.
    /// </summary>
    static readonly TaskChange Moving = TaskChange.Refused("the task is moving to another stage",
        RefusalCodes.PendingMove);

    static TaskChange Refused(AnnotationTask task, string action) =>
        TaskChange.Refused($"a {task.Status.ToApi()} task cannot be {action}", RefusalCodes.TaskState);
}
