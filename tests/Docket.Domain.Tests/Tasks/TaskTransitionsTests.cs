using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using static Docket.Domain.Tests.Tasks.SampleTasks;

namespace Docket.Domain.Tests.Tasks;

public sealed class TaskTransitionsTests
{
    static readonly Workflow TwoReviews = Workflow.WithReviewStages(2);
    static readonly Stage Label = TwoReviews.Find("Label")!;
    static readonly Stage Review1 = TwoReviews.Find("Review_1")!;

    // ---- claim (automatic assignment) ----

    [Fact]
    public void Claim_gives_a_pool_task_to_the_claimer_keeping_its_place_and_priority()
    {
        var change = TaskTransitions.Claim(InPool(), Lena, Now);

        var task = Accepted(change);
        Assert.Equal((AnnotationTaskStatus.Assigned, Lena, AssignedBy.Auto),
            (task.Status, task.Assignee, task.AssignedBy));
        Assert.Equal((Queued, Exact, Now), (task.QueuedAt, task.Priority, task.UpdatedAt));
        var e = SingleEvent(change, "assigned");
        Assert.Equal((Lena, "auto", Now), (e.Actor, e.How, e.At));
        Assert.Equal("Label", e.Details["stage"]);
        Assert.Equal(Lena, e.Details["assignee"]);
    }

    [Theory]
    [InlineData(AnnotationTaskStatus.Assigned)]
    [InlineData(AnnotationTaskStatus.InProgress)]
    [InlineData(AnnotationTaskStatus.Staged)]
    [InlineData(AnnotationTaskStatus.Skipped)]
    [InlineData(AnnotationTaskStatus.Problem)]
    [InlineData(AnnotationTaskStatus.Completed)]
    public void Claim_is_refused_once_the_task_left_the_pool(AnnotationTaskStatus status)
    {
        var change = TaskTransitions.Claim(InStatus(status), Rami, Now);

        Assert.True(change.IsRefused);
        Assert.Null(change.Task);
        Assert.Empty(change.Events);
    }

    [Fact]
    public void Claim_is_refused_while_the_task_is_moving_to_another_stage()
    {
        var moving = Accepted(TaskTransitions.Send(InPool(), "Review_1", Admin, "move-1", Now));

        Assert.True(TaskTransitions.Claim(moving, Lena, Now.AddSeconds(1)).IsRefused);
    }

    // ---- the assignee's actions: save, submit, skip, issue ----

    public static TheoryData<AnnotationTaskStatus> InQueue => new()
    {
        AnnotationTaskStatus.Assigned, AnnotationTaskStatus.InProgress, AnnotationTaskStatus.Staged,
        AnnotationTaskStatus.Skipped,
    };

    public static TheoryData<AnnotationTaskStatus> OutOfQueue => new()
    {
        AnnotationTaskStatus.Unassigned, AnnotationTaskStatus.Problem, AnnotationTaskStatus.Completed,
    };

    [Theory]
    [MemberData(nameof(InQueue))]
    public void Save_marks_the_task_in_progress(AnnotationTaskStatus status)
    {
        var change = TaskTransitions.Save(HeldBy(Lena, status), Lena, Now);

        var task = Accepted(change);
        Assert.Equal(AnnotationTaskStatus.InProgress, task.Status);
        Assert.Null(task.SkippedAt);
        Assert.Equal((Lena, AssignedBy.Auto, Queued, Exact, Now),
            (task.Assignee, task.AssignedBy, task.QueuedAt, task.Priority, task.UpdatedAt));
        var e = SingleEvent(change, "saved");
        Assert.Equal((Lena, Now, "Label"), (e.Actor, e.At, e.Details["stage"]));
    }

    [Theory]
    [MemberData(nameof(InQueue))]
    public void Submit_stages_the_draft(AnnotationTaskStatus status)
    {
        var change = TaskTransitions.Submit(HeldBy(Lena, status), Lena, Now);

        var task = Accepted(change);
        Assert.Equal(AnnotationTaskStatus.Staged, task.Status);
        Assert.Null(task.SkippedAt);
        Assert.Equal((Lena, Queued, Exact), (task.Assignee, task.QueuedAt, task.Priority));
        Assert.Equal(Lena, SingleEvent(change, "submitted").Actor);
    }

    [Theory]
    [MemberData(nameof(InQueue))]
    public void Skip_records_when_the_task_was_skipped(AnnotationTaskStatus status)
    {
        var change = TaskTransitions.Skip(HeldBy(Lena, status), Lena, Now);

        var task = Accepted(change);
        Assert.Equal(AnnotationTaskStatus.Skipped, task.Status);
        Assert.Equal(Now, task.SkippedAt);
        Assert.Equal((Lena, AssignedBy.Auto, Queued, Exact),
            (task.Assignee, task.AssignedBy, task.QueuedAt, task.Priority));
        var e = SingleEvent(change, "skipped");
        Assert.Equal((Lena, Now, "Label"), (e.Actor, e.At, e.Details["stage"]));
    }

    [Theory]
    [MemberData(nameof(InQueue))]
    public void Releasing_gives_the_task_back_to_the_pool_with_its_place_and_priority(AnnotationTaskStatus status)
    {
        var change = TaskTransitions.Release(HeldBy(Lena, status), Lena, Now);

        var task = Accepted(change);
        Assert.Equal((AnnotationTaskStatus.Unassigned, null, null, null),
            (task.Status, task.Assignee, task.AssignedBy, task.SkippedAt));
        Assert.Equal((Queued, Exact, Now), (task.QueuedAt, task.Priority, task.UpdatedAt));
        var e = SingleEvent(change, "released");
        Assert.Equal((Lena, "holder", Lena), (e.Actor, e.How, e.Details["previous"]));
        // Work started on it is given up with it, and the event says so.
        var started = status is AnnotationTaskStatus.InProgress or AnnotationTaskStatus.Staged;
        Assert.Equal(started ? "discarded" : null, e.Details.GetValueOrDefault("draft"));
    }

    [Fact]
    public void A_skip_beyond_the_stages_max_skipped_is_refused_but_a_task_already_skipped_may_be_skipped_again()
    {
        var refused = TaskTransitions.Skip(HeldBy(Lena, AnnotationTaskStatus.Assigned), Lena, Now, 2, 2);
        Assert.True(refused.IsRefused);
        Assert.Equal(RefusalCodes.TooManySkipped, refused.Refusal!.Code);
        Assert.Contains("2 skipped tasks in Label", refused.Refusal.Reason);

        Assert.False(TaskTransitions.Skip(HeldBy(Lena, AnnotationTaskStatus.Assigned), Lena, Now, 1, 2).IsRefused);
        Assert.False(TaskTransitions.Skip(HeldBy(Lena, AnnotationTaskStatus.Skipped), Lena, Now, 2, 2).IsRefused);
        // Outside the queue the usual refusal says why, not the limit.
        Assert.Equal(RefusalCodes.TaskState, TaskTransitions.Skip(InPool(), Lena, Now, 5, 2).Refusal!.Code);
    }

    [Fact]
    public void Skipping_again_sends_the_task_to_the_end_once_more()
    {
        var first = Accepted(TaskTransitions.Skip(HeldBy(Lena), Lena, Now));
        var again = Accepted(TaskTransitions.Skip(first, Lena, Now.AddMinutes(10)));

        Assert.Equal(Now.AddMinutes(10), again.SkippedAt);
    }

    [Theory]
    [MemberData(nameof(InQueue))]
    public void An_issue_takes_the_task_out_of_the_queue_with_its_comment(AnnotationTaskStatus status)
    {
        var change = TaskTransitions.RaiseIssue(HeldBy(Lena, status), Lena, "image is blank", Now);

        var task = Accepted(change);
        Assert.Equal(AnnotationTaskStatus.Problem, task.Status);
        Assert.False(task.Status.IsInQueue());
        Assert.Equal(("image is blank", Lena), (task.IssueComment, task.Assignee));
        Assert.Null(task.SkippedAt);
        Assert.Equal((Queued, Exact), (task.QueuedAt, task.Priority));
        Assert.Equal("image is blank", SingleEvent(change, "issue").Details["comment"]);
    }

    [Theory]
    [MemberData(nameof(OutOfQueue))]
    public void The_assignee_actions_are_refused_outside_the_queue(AnnotationTaskStatus status)
    {
        var task = InStatus(status);

        Assert.All(new[]
        {
            TaskTransitions.Save(task, Lena, Now),
            TaskTransitions.Submit(task, Lena, Now),
            TaskTransitions.Skip(task, Lena, Now),
            TaskTransitions.RaiseIssue(task, Lena, "x", Now),
            TaskTransitions.Release(task, Lena, Now),
        }, change =>
        {
            Assert.True(change.IsRefused);
            Assert.Null(change.Task);
            Assert.Empty(change.Events);
            Assert.Contains(status.ToApi(), change.Refusal?.Reason);
        });
    }

    [Fact]
    public void The_refusal_names_the_status_and_the_action()
    {
        Assert.Equal("a PROBLEM task cannot be saved",
            TaskTransitions.Save(HeldBy(Lena, AnnotationTaskStatus.Problem), Lena, Now).Refusal?.Reason);
        Assert.Equal("a UNASSIGNED task cannot be skipped",
            TaskTransitions.Skip(InPool(), Lena, Now).Refusal?.Reason);
    }

    public static TheoryData<string> AssigneeActions => new() { "save", "submit", "skip", "issue", "release" };

    /// <summary>
    /// Once finalized, the stage is done and the task waits outside every queue for its move: the assignee may no
    /// longer save, submit, skip or raise an issue on it (an issue raised now would be wiped by the move).
    /// </summary>
    [Theory]
    [MemberData(nameof(AssigneeActions))]
    public void The_assignee_actions_are_refused_once_the_task_was_finalized(string action)
    {
        var finalized = Accepted(
            TaskTransitions.Finalize(HeldBy(Lena, AnnotationTaskStatus.InProgress), Label, null, Lena, "move-1", Now));
        var later = Now.AddSeconds(1);

        var change = action switch
        {
            "save" => TaskTransitions.Save(finalized, Lena, later),
            "submit" => TaskTransitions.Submit(finalized, Lena, later),
            "skip" => TaskTransitions.Skip(finalized, Lena, later),
            "release" => TaskTransitions.Release(finalized, Lena, later),
            _ => TaskTransitions.RaiseIssue(finalized, Lena, "x", later),
        };

        Assert.True(change.IsRefused, $"{action} was allowed on a task with a pending move");
        Assert.Empty(change.Events);
    }

    // ---- resolve ----

    [Fact]
    public void Resolving_an_issue_returns_the_task_to_the_same_assignee()
    {
        var withIssue = HeldBy(Lena, AnnotationTaskStatus.Problem, AssignedBy.Manual);

        var change = TaskTransitions.Resolve(withIssue, Admin, "re-uploaded", Now);

        var task = Accepted(change);
        Assert.Equal((AnnotationTaskStatus.Assigned, Lena, AssignedBy.Manual),
            (task.Status, task.Assignee, task.AssignedBy));
        Assert.Null(task.IssueComment);
        Assert.Equal((Queued, Exact, Now), (task.QueuedAt, task.Priority, task.UpdatedAt));
        var e = SingleEvent(change, "resolve");
        Assert.Equal(Admin, e.Actor);
        Assert.Equal(Lena, e.Details["assignee"]);
        Assert.Equal("re-uploaded", e.Details["comment"]);
    }

    [Theory]
    [InlineData(AnnotationTaskStatus.Unassigned)]
    [InlineData(AnnotationTaskStatus.Assigned)]
    [InlineData(AnnotationTaskStatus.InProgress)]
    [InlineData(AnnotationTaskStatus.Staged)]
    [InlineData(AnnotationTaskStatus.Skipped)]
    [InlineData(AnnotationTaskStatus.Completed)]
    public void Only_a_task_with_an_issue_can_be_resolved(AnnotationTaskStatus status)
    {
        var change = TaskTransitions.Resolve(InStatus(status), Admin, null, Now);

        Assert.True(change.IsRefused);
        Assert.Contains("cannot be resolved", change.Refusal?.Reason);
    }

    // ---- manual assignment ----

    [Fact]
    public void Assigning_a_pool_task_by_hand_marks_it_manual_and_keeps_its_place()
    {
        var change = TaskTransitions.AssignManually(InPool(), Rami, Admin, Now);

        var task = Accepted(change);
        Assert.Equal((AnnotationTaskStatus.Assigned, Rami, AssignedBy.Manual),
            (task.Status, task.Assignee, task.AssignedBy));
        Assert.True(task.IsManuallyHeld);
        Assert.Equal((Queued, Exact, Now), (task.QueuedAt, task.Priority, task.UpdatedAt));
        var e = SingleEvent(change, "assigned");
        Assert.Equal((Admin, "manual"), (e.Actor, e.How));
        Assert.Equal(Rami, e.Details["assignee"]);
        Assert.Null(e.Details["previous"]);
    }

    [Theory]
    [MemberData(nameof(InQueue))]
    public void Reassigning_gives_the_task_to_the_new_person_fresh(AnnotationTaskStatus status)
    {
        var change = TaskTransitions.AssignManually(HeldBy(Lena, status), Rami, Admin, Now);

        var task = Accepted(change);
        Assert.Equal((AnnotationTaskStatus.Assigned, Rami, AssignedBy.Manual),
            (task.Status, task.Assignee, task.AssignedBy));
        Assert.Null(task.SkippedAt);
        Assert.Equal((Queued, Exact), (task.QueuedAt, task.Priority));
        var e = SingleEvent(change, "reassigned");
        Assert.Equal((Admin, "manual"), (e.Actor, e.How));
        Assert.Equal(Rami, e.Details["assignee"]);
        Assert.Equal(Lena, e.Details["previous"]);
    }

    [Fact]
    public void Reassigning_a_task_with_an_issue_clears_the_issue()
    {
        var task = Accepted(
            TaskTransitions.AssignManually(HeldBy(Lena, AnnotationTaskStatus.Problem), Rami, Admin, Now));

        Assert.Equal((AnnotationTaskStatus.Assigned, Rami), (task.Status, task.Assignee));
        Assert.Null(task.IssueComment);
    }

    [Theory]
    [InlineData(AnnotationTaskStatus.Assigned)]
    [InlineData(AnnotationTaskStatus.InProgress)]
    [InlineData(AnnotationTaskStatus.Staged)]
    [InlineData(AnnotationTaskStatus.Skipped)]
    [InlineData(AnnotationTaskStatus.Problem)]
    public void Unassigning_returns_the_task_to_the_pool_keeping_its_place_and_priority(AnnotationTaskStatus status)
    {
        var change = TaskTransitions.AssignManually(HeldBy(Lena, status, AssignedBy.Manual), null, Admin, Now);

        var task = Accepted(change);
        Assert.Equal(AnnotationTaskStatus.Unassigned, task.Status);
        Assert.Null(task.Assignee);
        Assert.Null(task.AssignedBy);
        Assert.Null(task.SkippedAt);
        Assert.Null(task.IssueComment);
        Assert.Equal((Queued, Exact, Now), (task.QueuedAt, task.Priority, task.UpdatedAt));
        var e = SingleEvent(change, "unassigned");
        Assert.Equal((Admin, "manual"), (e.Actor, e.How));
        Assert.Equal(Lena, e.Details["previous"]);
    }

    [Fact]
    public void Unassigning_a_pool_task_changes_nothing()
    {
        var pool = InPool();

        var change = TaskTransitions.AssignManually(pool, null, Admin, Now);

        Assert.Same(pool, Accepted(change));
        Assert.Empty(change.Events);
    }

    [Theory]
    [InlineData(AssignedBy.Auto)]
    [InlineData(AssignedBy.PreAssign)]
    [InlineData(AssignedBy.Reject)]
    public void Assigning_a_task_to_its_holder_only_makes_the_hold_manual(AssignedBy how)
    {
        var change = TaskTransitions.AssignManually(
            HeldBy(Lena, AnnotationTaskStatus.InProgress, how), Lena, Admin, Now);

        var task = Accepted(change);
        Assert.Equal((AnnotationTaskStatus.InProgress, Lena, AssignedBy.Manual),
            (task.Status, task.Assignee, task.AssignedBy));
        Assert.Equal((Queued, Exact), (task.QueuedAt, task.Priority));
        Assert.Equal(Lena, SingleEvent(change, "assigned").Details["assignee"]);
    }

    [Fact]
    public void Assigning_a_task_to_its_manual_holder_changes_nothing()
    {
        var held = HeldBy(Lena, AnnotationTaskStatus.Staged, AssignedBy.Manual);

        var change = TaskTransitions.AssignManually(held, Lena, Admin, Now);

        Assert.Same(held, Accepted(change));
        Assert.Empty(change.Events);
    }

    [Theory]
    [InlineData(Rami)]
    [InlineData(null)]
    public void Tasks_in_Ground_Truth_cannot_be_assigned(string? assignee)
    {
        var change = TaskTransitions.AssignManually(Completed(), assignee, Admin, Now);

        Assert.True(change.IsRefused);
        Assert.Empty(change.Events);
    }

    [Theory]
    [InlineData(Rami)]
    [InlineData(null)]
    public void Manual_assignment_is_refused_while_the_task_is_moving_to_its_next_stage(string? assignee)
    {
        var finalized = Accepted(TaskTransitions.Finalize(HeldBy(Lena), Label, null, Lena, "move-1", Now));

        var change = TaskTransitions.AssignManually(finalized, assignee, Admin, Now.AddSeconds(1));

        Assert.True(change.IsRefused, "an assignment made now would be overwritten by the pending move");
    }

    // ---- finalize ----

    [Theory]
    [MemberData(nameof(InQueue))]
    public void Finalizing_a_Label_stage_records_the_labeler_and_a_pending_move(AnnotationTaskStatus status)
    {
        var change = TaskTransitions.Finalize(HeldBy(Lena, status), Label, null, Lena, "move-1", Now);

        var task = Accepted(change);
        Assert.Equal(new PendingMove("move-1", MoveKind.Finalize, "Label", null, Lena, Now), task.PendingMove);
        Assert.Equal(Lena, task.Labeler);
        Assert.Null(task.SkippedAt);
        Assert.Equal(("Label", Queued, Exact, Now), (task.StageName, task.QueuedAt, task.Priority, task.UpdatedAt));
        var e = SingleEvent(change, "finalized");
        Assert.Equal((Lena, Now, "Label"), (e.Actor, e.At, e.Details["stage"]));
    }

    [Theory]
    [InlineData(ReviewDecision.Accept, MoveKind.Accept, "accepted")]
    [InlineData(ReviewDecision.Reject, MoveKind.Reject, "rejected")]
    public void Finalizing_a_review_carries_the_decision_and_keeps_the_labeler(ReviewDecision decision,
        MoveKind kind, string eventType)
    {
        var inReview = HeldBy(Rami, AnnotationTaskStatus.InProgress, stage: "Review_1") with { Labeler = Lena };

        var change = TaskTransitions.Finalize(inReview, Review1, decision, Rami, "move-2", Now);

        var task = Accepted(change);
        Assert.Equal(new PendingMove("move-2", kind, "Review_1", null, Rami, Now), task.PendingMove);
        Assert.Equal(Lena, task.Labeler);
        Assert.Equal(["finalized", eventType], change.Events.Select(e => e.Type));
        Assert.All(change.Events, e => Assert.Equal((Rami, Now, "Review_1"), (e.Actor, e.At, e.Details["stage"])));
    }

    [Theory]
    [MemberData(nameof(OutOfQueue))]
    public void Finalize_is_refused_outside_the_queue(AnnotationTaskStatus status)
    {
        var change = TaskTransitions.Finalize(InStatus(status), Label, null, Lena, "move-1", Now);

        Assert.True(change.IsRefused);
        Assert.Equal($"a {status.ToApi()} task cannot be finalized", change.Refusal?.Reason);
        Assert.Empty(change.Events);
    }

    [Fact]
    public void Finalizing_twice_is_refused()
    {
        var finalized = Accepted(TaskTransitions.Finalize(HeldBy(Lena), Label, null, Lena, "move-1", Now));

        var again = TaskTransitions.Finalize(finalized, Label, null, Lena, "move-2", Now.AddSeconds(1));

        Assert.True(again.IsRefused);
        Assert.Empty(again.Events);
    }

    // ---- send ----

    [Theory]
    [InlineData("Label")]
    [InlineData("Review_2")]
    [InlineData("Ground Truth")]
    public void An_admin_may_send_a_task_to_any_stage(string toStage)
    {
        var change = TaskTransitions.Send(HeldBy(Lena, stage: "Review_1"), toStage, Admin, "move-3", Now);

        var task = Accepted(change);
        Assert.Equal(new PendingMove("move-3", MoveKind.Send, "Review_1", toStage, Admin, Now), task.PendingMove);
        Assert.Equal(("Review_1", Queued, Exact, Now), (task.StageName, task.QueuedAt, task.Priority, task.UpdatedAt));
        var e = SingleEvent(change, "moveRequested");
        Assert.Equal((Admin, "manual"), (e.Actor, e.How));
        Assert.Equal("Review_1", e.Details["from"]);
        Assert.Equal(toStage, e.Details["to"]);
    }

    [Fact]
    public void A_task_can_be_sent_back_from_Ground_Truth()
    {
        var task = Accepted(TaskTransitions.Send(Completed(), "Label", Admin, "move-4", Now));

        Assert.Equal(new PendingMove("move-4", MoveKind.Send, "Ground Truth", "Label", Admin, Now), task.PendingMove);
    }

    [Fact]
    public void Sending_a_task_that_is_finalized_and_moving_on_is_refused()
    {
        var finalized = Accepted(TaskTransitions.Finalize(HeldBy(Lena), Label, null, Lena, "move-1", Now));

        var change = TaskTransitions.Send(finalized, "Ground Truth", Admin, "move-5", Now.AddSeconds(1));

        Assert.True(change.IsRefused);
        Assert.Empty(change.Events);
    }

    [Fact]
    public void Sending_a_task_to_the_stage_it_is_in_changes_nothing_and_keeps_its_holder()
    {
        var held = HeldBy(Lena, stage: "Review_1");

        var change = TaskTransitions.Send(held, "Review_1", Admin, "move-6", Now);

        Assert.False(change.IsRefused);
        Assert.Same(held, change.Task);
        Assert.Empty(change.Events);
    }

    [Fact]
    public void Sending_again_where_it_is_already_being_sent_changes_nothing_and_elsewhere_is_refused()
    {
        var sent = Accepted(TaskTransitions.Send(InPool(), "Review_1", Admin, "move-1", Now));

        var again = TaskTransitions.Send(sent, "Review_1", Admin, "move-2", Now.AddSeconds(1));
        var elsewhere = TaskTransitions.Send(sent, "Ground Truth", Admin, "move-3", Now.AddSeconds(1));

        Assert.Same(sent, again.Task);
        Assert.Empty(again.Events);
        Assert.Equal("move-1", sent.PendingMove!.MoveId);
        Assert.True(elsewhere.IsRefused);
        Assert.Contains("Review_1", elsewhere.Refusal!.Reason);
    }

    // ---- priority ----

    [Fact]
    public void Changing_the_priority_records_old_and_new_values()
    {
        var change = TaskTransitions.ChangePriority(HeldBy(Lena), Priority.FromBillionths(950_000_000), Admin, Now);

        var task = Accepted(change);
        Assert.Equal(Priority.FromBillionths(950_000_000), task.Priority);
        Assert.Equal((AnnotationTaskStatus.Assigned, Lena, Queued, Now),
            (task.Status, task.Assignee, task.QueuedAt, task.UpdatedAt));
        var e = SingleEvent(change, "priorityChanged");
        Assert.Equal((Admin, "manual"), (e.Actor, e.How));
        Assert.Equal("0.123456789", e.Details["from"]);
        Assert.Equal("0.95", e.Details["to"]);
    }

    [Fact]
    public void Clearing_the_priority_records_null()
    {
        var change = TaskTransitions.ChangePriority(InPool(), null, Admin, Now);

        Assert.Null(Accepted(change).Priority);
        Assert.Null(SingleEvent(change, "priorityChanged").Details["to"]);
    }

    [Fact]
    public void Setting_the_same_priority_changes_nothing()
    {
        var task = InPool();

        var change = TaskTransitions.ChangePriority(task, Priority.FromBillionths(123_456_789), Admin, Now);

        Assert.Same(task, Accepted(change));
        Assert.Empty(change.Events);
    }
}
