using Docket.Domain.Projects;
using Docket.Domain.Rebalancing;
using Docket.Domain.Tasks;
using static Docket.Domain.Tests.Tasks.SampleTasks;

namespace Docket.Domain.Tests.Rebalancing;

public sealed class ReleaseRulesTests
{
    const int IdleTimeout = 60;

    static Membership Member(DateTimeOffset? lastActiveAt, ProjectRole role = ProjectRole.Member,
        params string[] stages) =>
        new("brain-mri", Lena, role, stages.Length == 0 ? null : stages, lastActiveAt);

    // ---- StateOf ----

    [Fact]
    public void A_holder_who_is_no_longer_a_member_is_removed()
    {
        Assert.Equal(HolderState.Removed, ReleaseRules.StateOf(null, "Label", IdleTimeout, Now));
    }

    [Fact]
    public void A_member_without_access_to_the_stage_has_no_stage_access_even_if_active()
    {
        Assert.Equal(HolderState.NoStageAccess,
            ReleaseRules.StateOf(Member(Now, ProjectRole.Member, "Review_1"), "Label", IdleTimeout, Now));
        Assert.Equal(HolderState.NoStageAccess,
            ReleaseRules.StateOf(Member(Now.AddDays(-3), ProjectRole.Member, "Review_1"), "Label", IdleTimeout, Now));
    }

    [Theory]
    [InlineData(61)]
    [InlineData(60 * 24 * 30)]
    public void A_member_inactive_longer_than_the_timeout_is_idle(int minutesAgo)
    {
        Assert.Equal(HolderState.Idle, ReleaseRules.StateOf(
            Member(Now.AddMinutes(-minutesAgo), ProjectRole.Member, "Label"), "Label", IdleTimeout, Now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(59)]
    [InlineData(60)]
    public void A_member_active_within_the_timeout_is_active(int minutesAgo)
    {
        Assert.Equal(HolderState.Active,
            ReleaseRules.StateOf(Member(Now.AddMinutes(-minutesAgo)), "Label", IdleTimeout, Now));
    }

    [Theory]
    [InlineData(ProjectRole.Admin)]
    [InlineData(ProjectRole.Manager)]
    public void Admins_and_managers_have_access_to_every_work_stage(ProjectRole role)
    {
        Assert.Equal(HolderState.Active,
            ReleaseRules.StateOf(Member(Now, role, "Review_1"), "Label", IdleTimeout, Now));
    }

    [Fact]
    public void The_idle_timeout_is_the_projects()
    {
        var member = Member(Now.AddMinutes(-10));

        Assert.Equal(HolderState.Idle, ReleaseRules.StateOf(member, "Label", 5, Now));
        Assert.Equal(HolderState.Active, ReleaseRules.StateOf(member, "Label", 15, Now));
    }

    // ---- Apply: automatic holds ----

    public static TheoryData<HolderState, AnnotationTaskStatus, string> Releasable
    {
        get
        {
            var data = new TheoryData<HolderState, AnnotationTaskStatus, string>();
            foreach (var status in new[] { AnnotationTaskStatus.Assigned, AnnotationTaskStatus.Skipped })
            {
                data.Add(HolderState.Idle, status, "holder inactive");
                data.Add(HolderState.Removed, status, "holder removed from the project");
                data.Add(HolderState.NoStageAccess, status, "holder has no access to the stage");
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Releasable))]
    public void Unstarted_automatic_assignments_go_back_to_the_pool_keeping_place_and_priority(HolderState state,
        AnnotationTaskStatus status, string reason)
    {
        var held = HeldBy(Lena, status) with { HolderNotice = "someone|Idle" };

        var change = ReleaseRules.Apply(held, Lena, state, Now);

        var task = Accepted(change);
        Assert.Equal(AnnotationTaskStatus.Unassigned, task.Status);
        Assert.Null(task.Assignee);
        Assert.Null(task.AssignedBy);
        Assert.Null(task.SkippedAt);
        Assert.Null(task.HolderNotice);
        Assert.Equal(("Label", Queued, Exact, Now), (task.StageName, task.QueuedAt, task.Priority, task.UpdatedAt));
        var e = SingleEvent(change, "released");
        Assert.Equal(("system", "rebalance", Now), (e.Actor, e.How, e.At));
        Assert.Equal(Lena, e.Details["previous"]);
        Assert.Equal(reason, e.Details["reason"]);
        Assert.Equal("Label", e.Details["stage"]);
    }

    [Fact]
    public void An_unprioritised_task_stays_unprioritised_when_released()
    {
        var task = Accepted(ReleaseRules.Apply(HeldBy(Lena) with { Priority = null }, Lena, HolderState.Idle, Now));

        Assert.Null(task.Priority);
    }

    [Theory]
    [InlineData(AnnotationTaskStatus.Assigned)]
    [InlineData(AnnotationTaskStatus.Skipped)]
    [InlineData(AnnotationTaskStatus.InProgress)]
    public void An_active_holder_keeps_their_tasks(AnnotationTaskStatus status)
    {
        var held = HeldBy(Lena, status);

        var change = ReleaseRules.Apply(held, Lena, HolderState.Active, Now);

        Assert.Same(held, Accepted(change));
        Assert.Empty(change.Events);
    }

    [Theory]
    [InlineData(AnnotationTaskStatus.InProgress)]
    [InlineData(AnnotationTaskStatus.Staged)]
    [InlineData(AnnotationTaskStatus.Problem)]
    public void Started_work_of_an_idle_holder_stays_with_them(AnnotationTaskStatus status)
    {
        var held = HeldBy(Lena, status);

        var change = ReleaseRules.Apply(held, Lena, HolderState.Idle, Now);

        Assert.Same(held, Accepted(change));
        Assert.Empty(change.Events);
    }

    [Theory]
    [InlineData(HolderState.Removed, AnnotationTaskStatus.InProgress)]
    [InlineData(HolderState.Removed, AnnotationTaskStatus.Staged)]
    [InlineData(HolderState.NoStageAccess, AnnotationTaskStatus.InProgress)]
    [InlineData(HolderState.NoStageAccess, AnnotationTaskStatus.Staged)]
    public void Started_work_of_a_removed_holder_or_one_without_the_stage_returns_to_the_pool_its_draft_discarded(
        HolderState state, AnnotationTaskStatus status)
    {
        var held = HeldBy(Lena, status);

        var change = ReleaseRules.Apply(held, Lena, state, Now);

        var released = Accepted(change);
        Assert.Equal((AnnotationTaskStatus.Unassigned, null, held.QueuedAt, held.Priority),
            (released.Status, released.Assignee, released.QueuedAt, released.Priority));
        var e = Assert.Single(change.Events);
        Assert.Equal(("released", "discarded", status.ToApi()), (e.Type, e.Details["draft"], e.Details["status"]));
    }

    [Theory]
    [InlineData(HolderState.Removed)]
    [InlineData(HolderState.NoStageAccess)]
    public void A_raised_issue_waits_for_an_admin_whoever_holds_it(HolderState state)
    {
        var held = HeldBy(Lena, AnnotationTaskStatus.Problem);

        Assert.Same(held, Accepted(ReleaseRules.Apply(held, Lena, state, Now)));
    }

    [Theory]
    [InlineData(AnnotationTaskStatus.InProgress)]
    [InlineData(AnnotationTaskStatus.Staged)]
    public void A_manual_hold_in_progress_stays_with_a_notice(AnnotationTaskStatus status)
    {
        var held = HeldBy(Lena, status, how: AssignedBy.Manual);

        var change = ReleaseRules.Apply(held, Lena, HolderState.Removed, Now);

        Assert.Equal((status, Lena), (Accepted(change).Status, Accepted(change).Assignee));
        Assert.Equal("holderNotice", Assert.Single(change.Events).Type);
    }

    [Theory]
    [InlineData(HolderState.Idle)]
    [InlineData(HolderState.Removed)]
    [InlineData(HolderState.NoStageAccess)]
    public void A_task_with_a_pending_move_is_left_to_the_move(HolderState state)
    {
        var finalized = Accepted(
            TaskTransitions.Finalize(HeldBy(Lena), Workflow.WithReviewStages(1).First, null, Lena, "move-1", Now));

        var change = ReleaseRules.Apply(finalized, Lena, state, Now.AddHours(2));

        Assert.Same(finalized, Accepted(change));
        Assert.Empty(change.Events);
    }

    [Fact]
    public void A_task_reassigned_since_the_index_was_read_is_left_alone()
    {
        var nowRamis = HeldBy(Rami);

        var change = ReleaseRules.Apply(nowRamis, Lena, HolderState.Removed, Now);

        Assert.Same(nowRamis, Accepted(change));
        Assert.Empty(change.Events);
    }

    [Fact]
    public void A_task_already_back_in_the_pool_is_left_alone()
    {
        var pool = InPool();

        var change = ReleaseRules.Apply(pool, Lena, HolderState.Idle, Now);

        Assert.Same(pool, Accepted(change));
        Assert.Empty(change.Events);
    }

    // ---- Apply: manual holds ----

    public static TheoryData<AssignedBy, HolderState, AnnotationTaskStatus> ManualHolds
    {
        get
        {
            var data = new TheoryData<AssignedBy, HolderState, AnnotationTaskStatus>();
            foreach (var how in new[] { AssignedBy.Manual, AssignedBy.PreAssign, AssignedBy.Reject })
                foreach (var state in new[] { HolderState.Idle, HolderState.Removed, HolderState.NoStageAccess })
                    foreach (var status in new[] { AnnotationTaskStatus.Assigned, AnnotationTaskStatus.Skipped })
                        data.Add(how, state, status);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ManualHolds))]
    public void Manual_holds_stay_with_one_notice_about_the_holder(AssignedBy how, HolderState state,
        AnnotationTaskStatus status)
    {
        var held = HeldBy(Lena, status, how);

        var first = ReleaseRules.Apply(held, Lena, state, Now);

        var noted = Accepted(first);
        Assert.Equal(held with { HolderNotice = noted.HolderNotice }, noted);
        Assert.NotNull(noted.HolderNotice);
        var e = SingleEvent(first, "holderNotice");
        Assert.Equal(("system", "rebalance", Now), (e.Actor, e.How, e.At));
        Assert.Equal(Lena, e.Details["assignee"]);
        Assert.Equal("Label", e.Details["stage"]);

        var second = ReleaseRules.Apply(noted, Lena, state, Now.AddMinutes(5));

        Assert.Same(noted, Accepted(second));
        Assert.Empty(second.Events);
    }

    [Fact]
    public void A_new_reason_about_the_same_holder_is_noted_again()
    {
        var idle = Accepted(ReleaseRules.Apply(HeldBy(Lena, how: AssignedBy.Manual), Lena, HolderState.Idle, Now));

        var removed = ReleaseRules.Apply(idle, Lena, HolderState.Removed, Now.AddMinutes(5));

        Assert.Equal("holder removed from the project", SingleEvent(removed, "holderNotice").Details["reason"]);
        Assert.Equal((AnnotationTaskStatus.Assigned, Lena, AssignedBy.Manual),
            (Accepted(removed).Status, Accepted(removed).Assignee, Accepted(removed).AssignedBy));
    }

    [Fact]
    public void A_skip_held_longer_than_the_stages_hold_goes_back_to_the_pool_unless_held_by_hand()
    {
        var skipped = HeldBy(Lena, AnnotationTaskStatus.Skipped); // skipped at Queued + 30 min
        var skippedAt = skipped.SkippedAt!.Value;

        Assert.Empty(ReleaseRules.ApplySkipHold(skipped, Lena, 60, skippedAt.AddMinutes(60)).Events);
        var released = ReleaseRules.ApplySkipHold(skipped, Lena, 60, skippedAt.AddMinutes(61));
        Assert.Equal((AnnotationTaskStatus.Unassigned, null, Queued),
            (Accepted(released).Status, Accepted(released).Assignee, Accepted(released).QueuedAt));
        Assert.Equal("skipped for more than 60 minutes", SingleEvent(released, "released").Details["reason"]);

        var manual = HeldBy(Lena, AnnotationTaskStatus.Skipped, AssignedBy.Manual);
        var noted = ReleaseRules.ApplySkipHold(manual, Lena, 60, skippedAt.AddMinutes(61));
        Assert.Equal(Lena, Accepted(noted).Assignee);
        SingleEvent(noted, "holderNotice");
        Assert.Empty(ReleaseRules.ApplySkipHold(Accepted(noted), Lena, 60, skippedAt.AddMinutes(90)).Events);

        // Only the holder's own skipped task: not one skipped by someone else, not one they have saved since.
        Assert.Empty(ReleaseRules.ApplySkipHold(skipped, "omar@example.com", 60, skippedAt.AddDays(1)).Events);
        Assert.Empty(ReleaseRules.ApplySkipHold(HeldBy(Lena, AnnotationTaskStatus.InProgress), Lena, 60,
            skippedAt.AddDays(1)).Events);
    }
}
