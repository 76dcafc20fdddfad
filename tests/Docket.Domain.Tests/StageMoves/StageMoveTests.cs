using Docket.Domain.Projects;
using Docket.Domain.StageMoves;
using Docket.Domain.Tasks;
using static Docket.Domain.Tests.Tasks.SampleTasks;

namespace Docket.Domain.Tests.StageMoves;

public sealed class StageMoveTests
{
    static readonly DateTimeOffset MoveAt = Now.AddMinutes(1);

    static Project ProjectWith(int reviewStages, params (string Stage, decimal ReviewPercent)[] sampling) => new(
        "brain-mri", "Brain MRI", Workflow.WithReviewStages(reviewStages),
        sampling.ToDictionary(s => s.Stage, s => new StageSettings(ReviewPercent: s.ReviewPercent)),
        Project.DefaultIdleTimeoutMinutes, Project.DefaultShardCount, Created);

    /// <summary>Lena labels, Rami reviews; each may work only in their stages.</summary>
    static bool MayWork(string email, string stage) =>
        (email, stage) is (Lena, "Label") or (Rami, "Review_1") or (Rami, "Review_2");

    static bool NobodyMayWork(string email, string stage) => false;

    static AnnotationTask FinalizedInLabel(AnnotationTask? task = null) =>
        Accepted(TaskTransitions.Finalize(task ?? HeldBy(Lena, AnnotationTaskStatus.Staged),
            Workflow.WithReviewStages(0).First, null, Lena, "move-1", Now));

    static AnnotationTask DecidedInReview(string stage, ReviewDecision decision, AnnotationTask? task = null)
    {
        var inReview = task ?? HeldBy(Rami, AnnotationTaskStatus.InProgress, stage: stage) with { Labeler = Lena };
        return Accepted(
            TaskTransitions.Finalize(inReview, new Stage(stage, StageKind.Review, 1), decision, Rami, "move-2", Now));
    }

    /// <summary>
    /// The task with an admin's move recorded (as <see cref="TaskTransitions.Send"/> records it; written out so that a
    /// move to the task's own stage, which Send now leaves unchanged but a move recorded before may carry, is covered).
    /// </summary>
    static AnnotationTask SentTo(AnnotationTask task, string stage) =>
        task with { PendingMove = new PendingMove("move-3", MoveKind.Send, task.StageName, stage, Admin, Now) };

    static void AssertInPool(AnnotationTask task, string stage)
    {
        Assert.Equal((stage, AnnotationTaskStatus.Unassigned), (task.StageName, task.Status));
        Assert.Null(task.Assignee);
        Assert.Null(task.AssignedBy);
        Assert.Null(task.PendingMove);
    }

    static void AssertEntered(TaskEvent e, string stage, string from, string actor, string how, string moveId)
    {
        Assert.Equal(("enteredStage", actor, how, MoveAt), (e.Type, e.Actor, e.How, e.At));
        Assert.Equal(stage, e.Details["stage"]);
        Assert.Equal(from, e.Details["from"]);
        Assert.Equal(moveId, e.Details["moveId"]);
    }

    // ---- Label finalize ----

    [Fact]
    public void A_finalized_label_goes_to_the_pool_of_the_next_stage()
    {
        var change = StageMove.Apply(FinalizedInLabel(), ProjectWith(2), MayWork, MoveAt);

        var task = Accepted(change);
        AssertInPool(task, "Review_1");
        Assert.Equal((MoveAt, MoveAt, Exact), (task.QueuedAt, task.UpdatedAt, task.Priority));
        Assert.Equal(Lena, task.Labeler);
        Assert.Null(task.LastReview);
        Assert.Null(task.SkippedAt);
        AssertEntered(Assert.Single(change.Events), "Review_1", "Label", "system", "finalize", "move-1");
    }

    [Fact]
    public void Without_review_stages_a_finalized_label_completes_the_task()
    {
        var change = StageMove.Apply(FinalizedInLabel(), ProjectWith(0), MayWork, MoveAt);

        var task = Accepted(change);
        Assert.Equal(("Ground Truth", AnnotationTaskStatus.Completed), (task.StageName, task.Status));
        Assert.Null(task.Assignee);
        Assert.Null(task.AssignedBy);
        Assert.Null(task.PendingMove);
        Assert.Equal(["enteredStage", "completed"], change.Events.Select(e => e.Type));
    }

    [Fact]
    public void PreAssign_for_the_next_stage_is_applied_when_the_person_may_work_there()
    {
        var labelled = FinalizedInLabel(
            HeldBy(Lena) with { PreAssign = new Dictionary<string, string> { ["Review_1"] = Rami } });

        var change = StageMove.Apply(labelled, ProjectWith(1), MayWork, MoveAt);

        var task = Accepted(change);
        Assert.Equal(("Review_1", AnnotationTaskStatus.Assigned, Rami, AssignedBy.PreAssign),
            (task.StageName, task.Status, task.Assignee, task.AssignedBy));
        Assert.Equal(["enteredStage", "assigned"], change.Events.Select(e => e.Type));
        var assigned = change.Events[1];
        Assert.Equal(("system", "preAssign"), (assigned.Actor, assigned.How));
        Assert.Equal(Rami, assigned.Details["assignee"]);
        Assert.Equal("Review_1", assigned.Details["stage"]);
    }

    [Fact]
    public void PreAssign_to_someone_who_may_not_work_in_the_stage_leaves_the_task_in_the_pool_with_an_event()
    {
        var labelled = FinalizedInLabel(
            HeldBy(Lena) with { PreAssign = new Dictionary<string, string> { ["Review_1"] = "gone@example.com" } });

        var change = StageMove.Apply(labelled, ProjectWith(1), MayWork, MoveAt);

        AssertInPool(Accepted(change), "Review_1");
        Assert.Equal(["enteredStage", "preAssignSkipped"], change.Events.Select(e => e.Type));
        Assert.Equal("gone@example.com", change.Events[1].Details["email"]);
        Assert.Equal("Review_1", change.Events[1].Details["stage"]);
    }

    // ---- accept ----

    [Fact]
    public void An_accepted_review_goes_to_the_next_review_marked_passed()
    {
        var change = StageMove.Apply(DecidedInReview("Review_1", ReviewDecision.Accept),
            ProjectWith(2), MayWork, MoveAt);

        var task = Accepted(change);
        AssertInPool(task, "Review_2");
        Assert.Equal(ReviewOutcome.Passed, task.LastReview);
        Assert.Equal(Lena, task.Labeler);
        AssertEntered(Assert.Single(change.Events), "Review_2", "Review_1", "system", "accept", "move-2");
    }

    [Fact]
    public void Accepting_the_last_review_completes_the_task_in_Ground_Truth()
    {
        var change = StageMove.Apply(DecidedInReview("Review_2", ReviewDecision.Accept),
            ProjectWith(2), MayWork, MoveAt);

        var task = Accepted(change);
        Assert.Equal(("Ground Truth", AnnotationTaskStatus.Completed, ReviewOutcome.Passed),
            (task.StageName, task.Status, task.LastReview));
        Assert.Null(task.Assignee);
        Assert.Null(task.AssignedBy);
        Assert.Null(task.PendingMove);
        Assert.Equal(["enteredStage", "completed"], change.Events.Select(e => e.Type));
        Assert.Equal("Ground Truth", change.Events[1].Details["stage"]);
    }

    // ---- reject ----

    [Theory]
    [InlineData("Review_1")]
    [InlineData("Review_2")]
    public void A_rejected_review_goes_back_to_the_labeler_in_Label(string reviewStage)
    {
        var change = StageMove.Apply(DecidedInReview(reviewStage, ReviewDecision.Reject),
            ProjectWith(2), MayWork, MoveAt);

        var task = Accepted(change);
        Assert.Equal(("Label", AnnotationTaskStatus.Assigned, Lena, AssignedBy.Reject),
            (task.StageName, task.Status, task.Assignee, task.AssignedBy));
        Assert.True(task.IsManuallyHeld);
        Assert.Equal(ReviewOutcome.Failed, task.LastReview);
        Assert.Equal((MoveAt, Exact), (task.QueuedAt, task.Priority));
        Assert.Null(task.PendingMove);
        Assert.Equal(["enteredStage", "assigned"], change.Events.Select(e => e.Type));
        AssertEntered(change.Events[0], "Label", reviewStage, "system", "reject", "move-2");
        Assert.Equal(("system", "reject"), (change.Events[1].Actor, change.Events[1].How));
        Assert.Equal(Lena, change.Events[1].Details["assignee"]);
    }

    [Fact]
    public void A_rejected_task_goes_to_the_Label_pool_when_the_labeler_may_no_longer_work_there()
    {
        var change = StageMove.Apply(DecidedInReview("Review_1", ReviewDecision.Reject), ProjectWith(1),
            NobodyMayWork, MoveAt);

        var task = Accepted(change);
        AssertInPool(task, "Label");
        Assert.Equal(ReviewOutcome.Failed, task.LastReview);
        Assert.Equal(["enteredStage", "poolInstead"], change.Events.Select(e => e.Type));
        Assert.Equal(Lena, change.Events[1].Details["labeler"]);
    }

    [Fact]
    public void A_rejected_task_without_a_labeler_on_record_goes_to_the_Label_pool()
    {
        var neverLabelled = HeldBy(Rami, AnnotationTaskStatus.InProgress, stage: "Review_1");

        var change = StageMove.Apply(DecidedInReview("Review_1", ReviewDecision.Reject, neverLabelled),
            ProjectWith(1), MayWork, MoveAt);

        AssertInPool(Accepted(change), "Label");
        Assert.Equal("poolInstead", change.Events[^1].Type);
        Assert.Null(change.Events[^1].Details["labeler"]);
    }

    [Fact]
    public void A_relabelled_task_that_passes_review_is_marked_passed_again()
    {
        var project = ProjectWith(1);
        var rejected = Accepted(
            StageMove.Apply(DecidedInReview("Review_1", ReviewDecision.Reject), project, MayWork, MoveAt));
        var relabelled = Accepted(StageMove.Apply(FinalizedInLabel(rejected), project, MayWork, MoveAt));
        var inReview = Accepted(TaskTransitions.Claim(relabelled, Rami, MoveAt));

        var done = Accepted(
            StageMove.Apply(DecidedInReview("Review_1", ReviewDecision.Accept, inReview), project, MayWork, MoveAt));

        Assert.Equal((AnnotationTaskStatus.Completed, ReviewOutcome.Passed, Exact),
            (done.Status, done.LastReview, done.Priority));
    }

    // ---- send ----

    [Theory]
    [InlineData("Label", "Label")]
    [InlineData("Label", "Review_2")]
    [InlineData("Review_2", "Review_1")]
    [InlineData("Review_1", "Label")]
    public void An_admin_can_send_a_task_to_any_work_stage(string from, string to)
    {
        var change = StageMove.Apply(SentTo(HeldBy(Lena, AnnotationTaskStatus.InProgress, stage: from), to),
            ProjectWith(2), NobodyMayWork, MoveAt);

        var task = Accepted(change);
        AssertInPool(task, to);
        Assert.Equal((MoveAt, Exact), (task.QueuedAt, task.Priority));
        AssertEntered(Assert.Single(change.Events), to, from, Admin, "send", "move-3");
    }

    [Fact]
    public void An_admin_can_send_a_task_straight_to_Ground_Truth()
    {
        var change = StageMove.Apply(SentTo(HeldBy(Lena, stage: "Label"), "Ground Truth"),
            ProjectWith(2), MayWork, MoveAt);

        var task = Accepted(change);
        Assert.Equal(("Ground Truth", AnnotationTaskStatus.Completed), (task.StageName, task.Status));
        Assert.Null(task.Assignee);
        Assert.Null(task.LastReview);
        Assert.Equal(["enteredStage", "completed"], change.Events.Select(e => e.Type));
    }

    [Fact]
    public void An_admin_can_send_a_task_back_from_Ground_Truth()
    {
        var done = Completed() with { LastReview = ReviewOutcome.Passed };

        var change = StageMove.Apply(SentTo(done, "Review_1"), ProjectWith(2), MayWork, MoveAt);

        var task = Accepted(change);
        AssertInPool(task, "Review_1");
        Assert.Equal((MoveAt, Exact), (task.QueuedAt, task.Priority));
        AssertEntered(Assert.Single(change.Events), "Review_1", "Ground Truth", Admin, "send", "move-3");
    }

    [Fact]
    public void A_sent_task_gets_the_target_stage_preAssign()
    {
        var task = HeldBy(Lena, stage: "Label") with
        {
            PreAssign = new Dictionary<string, string> { ["Review_2"] = Rami }
        };

        var moved = Accepted(StageMove.Apply(SentTo(task, "Review_2"), ProjectWith(2), MayWork, MoveAt));

        Assert.Equal(("Review_2", AnnotationTaskStatus.Assigned, Rami, AssignedBy.PreAssign),
            (moved.StageName, moved.Status, moved.Assignee, moved.AssignedBy));
    }

    [Fact]
    public void Sending_to_a_review_stage_ignores_sampling()
    {
        var change = StageMove.Apply(SentTo(HeldBy(Lena), "Review_1"),
            ProjectWith(1, ("Review_1", 0m)), MayWork, MoveAt);

        AssertInPool(Accepted(change), "Review_1");
    }

    [Fact]
    public void A_move_clears_the_skip_and_the_issue()
    {
        var withIssue = HeldBy(Lena, AnnotationTaskStatus.Problem);

        var task = Accepted(StageMove.Apply(SentTo(withIssue, "Review_1"), ProjectWith(1), MayWork, MoveAt));

        Assert.Null(task.IssueComment);
        Assert.Null(task.SkippedAt);
    }

    // ---- review sampling ----

    [Fact]
    public void Review_stages_the_task_is_not_sampled_for_are_skipped()
    {
        var change = StageMove.Apply(FinalizedInLabel(),
            ProjectWith(3, ("Review_1", 0m), ("Review_2", 0m)), MayWork, MoveAt);

        AssertInPool(Accepted(change), "Review_3");
        Assert.Equal(["reviewSkipped", "reviewSkipped", "enteredStage"], change.Events.Select(e => e.Type));
        Assert.Equal(["Review_1", "Review_2", "Review_3"], change.Events.Select(e => e.Details["stage"]));
        Assert.Equal("Label", change.Events[^1].Details["from"]);
    }

    [Fact]
    public void An_accepted_task_skips_later_unsampled_reviews_too()
    {
        var change = StageMove.Apply(DecidedInReview("Review_1", ReviewDecision.Accept),
            ProjectWith(2, ("Review_2", 0m)), MayWork, MoveAt);

        var task = Accepted(change);
        Assert.Equal(("Ground Truth", AnnotationTaskStatus.Completed, ReviewOutcome.Passed),
            (task.StageName, task.Status, task.LastReview));
        Assert.Equal(["reviewSkipped", "enteredStage", "completed"], change.Events.Select(e => e.Type));
    }

    [Fact]
    public void With_every_review_unsampled_a_finalized_label_completes_the_task()
    {
        var change = StageMove.Apply(FinalizedInLabel(),
            ProjectWith(2, ("Review_1", 0m), ("Review_2", 0m)), MayWork, MoveAt);

        Assert.Equal(AnnotationTaskStatus.Completed, Accepted(change).Status);
    }

    [Fact]
    public void A_fully_sampled_review_stage_always_gets_the_task()
    {
        var change = StageMove.Apply(FinalizedInLabel(), ProjectWith(1, ("Review_1", 1m)), MayWork, MoveAt);

        AssertInPool(Accepted(change), "Review_1");
        Assert.DoesNotContain(change.Events, e => e.Type == "reviewSkipped");
    }

    // ---- priority and preconditions ----

    public static TheoryData<string> Moves => new() { "finalize", "accept", "reject", "send", "sendBack" };

    [Theory]
    [MemberData(nameof(Moves))]
    public void Priority_never_changes_on_a_move(string move)
    {
        foreach (var priority in new Priority?[] { null, Priority.FromBillionths(0), Exact,
            Priority.FromBillionths(1_000_000_000) })
        {
            var moving = move switch
            {
                "finalize" => FinalizedInLabel(HeldBy(Lena) with { Priority = priority }),
                "accept" =>
                    DecidedInReview("Review_1", ReviewDecision.Accept,
                        HeldBy(Rami, stage: "Review_1") with { Priority = priority }),
                "reject" =>
                    DecidedInReview("Review_1", ReviewDecision.Reject,
                        HeldBy(Rami, stage: "Review_1") with { Priority = priority, Labeler = Lena }),
                "send" => SentTo(HeldBy(Lena) with { Priority = priority }, "Review_2"),
                _ => SentTo(Completed() with { Priority = priority }, "Label"),
            };

            Assert.Equal(priority, Accepted(StageMove.Apply(moving, ProjectWith(2), MayWork, MoveAt)).Priority);
        }
    }

    [Fact]
    public void A_task_without_a_pending_move_cannot_be_advanced()
    {
        Assert.Throws<InvalidOperationException>(() => StageMove.Apply(HeldBy(Lena), ProjectWith(1), MayWork, MoveAt));
    }
}
