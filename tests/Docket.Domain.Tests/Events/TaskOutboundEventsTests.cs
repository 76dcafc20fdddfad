using Docket.Domain.Events;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Domain.Tests.Tasks;
using static Docket.Domain.Tests.Tasks.SampleTasks;

namespace Docket.Domain.Tests.Events;

public sealed class TaskOutboundEventsTests
{
    static readonly Workflow OneReview = Workflow.WithReviewStages(1);

    static string[] TypesOf(TaskChange change) =>
        TaskOutboundEvents.Of(change.Events).Select(e => e.Type).ToArray();

    [Fact]
    public void Each_holder_action_goes_out_as_one_event_of_its_kind()
    {
        Assert.Equal([OutboundEventTypes.TaskAssigned], TypesOf(TaskTransitions.Claim(InPool(), Lena, Now)));
        Assert.Equal([OutboundEventTypes.TaskSubmitted],
            TypesOf(TaskTransitions.Submit(HeldBy(Lena, AnnotationTaskStatus.InProgress), Lena, Now)));
        Assert.Equal([OutboundEventTypes.TaskSkipped], TypesOf(TaskTransitions.Skip(HeldBy(Lena), Lena, Now)));
        Assert.Equal([OutboundEventTypes.TaskIssueRaised],
            TypesOf(TaskTransitions.RaiseIssue(HeldBy(Lena), Lena, "blurry", Now)));
        Assert.Equal([OutboundEventTypes.TaskIssueResolved],
            TypesOf(TaskTransitions.Resolve(HeldBy(Lena, AnnotationTaskStatus.Problem), Admin, null, Now)));
    }

    [Fact]
    public void A_manual_assignment_and_an_unassignment_go_out_as_assigned_and_unassigned()
    {
        Assert.Equal([OutboundEventTypes.TaskAssigned],
            TypesOf(TaskTransitions.AssignManually(InPool(), Rami, Admin, Now)));
        Assert.Equal([OutboundEventTypes.TaskUnassigned],
            TypesOf(TaskTransitions.AssignManually(HeldBy(Lena), null, Admin, Now)));
    }

    [Fact]
    public void A_review_finalize_is_one_event_carrying_its_decision_and_a_label_finalize_carries_none()
    {
        var review = OneReview.Find("Review_1")!;
        var rejected = TaskTransitions.Finalize(HeldBy(Rami) with { StageName = review.Name }, review,
            ReviewDecision.Reject, Rami, "move-1", Now);
        var labelled = TaskTransitions.Finalize(HeldBy(Lena), OneReview.First, null, Lena, "move-2", Now);

        Assert.Equal([new TaskOutboundEvent(OutboundEventTypes.TaskFinalized, "reject")],
            TaskOutboundEvents.Of(rejected.Events));
        Assert.Equal([new TaskOutboundEvent(OutboundEventTypes.TaskFinalized)], TaskOutboundEvents.Of(labelled.Events));
    }

    [Fact]
    public void Creation_goes_out_first_then_a_pre_assignment()
    {
        var assigned = TaskEvent.Of(TaskEventTypes.Assigned, Admin, "preAssign", Now, ("stage", "Label"));

        Assert.Equal([OutboundEventTypes.TaskCreated, OutboundEventTypes.TaskAssigned],
            TaskOutboundEvents.OfCreation([assigned]).Select(e => e.Type));
        Assert.Equal([OutboundEventTypes.TaskCreated], TaskOutboundEvents.OfCreation([]).Select(e => e.Type));
    }

    [Fact]
    public void Entering_ground_truth_goes_out_as_entered_stage_then_completed_and_audit_only_entries_stay_in()
    {
        var events = new[]
        {
            TaskEvent.Of(TaskEventTypes.ReviewSkipped, "system", "sampling", Now, ("stage", "Review_1")),
            TaskEvent.Of(TaskEventTypes.EnteredStage, "system", "finalize", Now, ("stage", "Ground Truth")),
            TaskEvent.Of(TaskEventTypes.Completed, "system", null, Now, ("stage", "Ground Truth")),
            TaskEvent.Of(TaskEventTypes.HolderNotice, "system", "rebalance", Now),
        };

        Assert.Equal([OutboundEventTypes.TaskEnteredStage, OutboundEventTypes.TaskCompleted],
            TaskOutboundEvents.Of(events).Select(e => e.Type));
    }

    [Fact]
    public void Every_wire_type_is_distinct_and_dotted()
    {
        Assert.Equal(OutboundEventTypes.All.Count, OutboundEventTypes.All.Distinct().Count());
        Assert.All(OutboundEventTypes.All, type => Assert.Matches("^[a-z]+\\.[a-z_]+$", type));
    }
}
