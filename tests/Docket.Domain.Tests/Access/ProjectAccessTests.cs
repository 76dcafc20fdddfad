using Docket.Domain.Access;
using Docket.Domain.Identity;
using Docket.Domain.Projects;

namespace Docket.Domain.Tests.Access;

public sealed class ProjectAccessTests
{
    const string Me = "me@example.com";
    const string Other = "other@example.com";

    static readonly Project Project = new("brain-mri", "Brain MRI", Workflow.WithReviewStages(2),
        new Dictionary<string, StageSettings>(), Project.DefaultIdleTimeoutMinutes, Project.DefaultShardCount,
        DateTimeOffset.UnixEpoch);

    static ProjectAccess OrgAdmin(Membership? membership = null) =>
        new(new Caller(Me, OrgRole.Admin), Project, membership);

    static ProjectAccess Member(ProjectRole role, params string[] stages) =>
        new(new Caller(Me, OrgRole.Member), Project,
            new Membership(Project.ProjectId, Me, role, stages.Length == 0 ? null : stages, null));

    static ProjectAccess NonMember() => new(new Caller(Me, OrgRole.Member), Project, null);

    public static TheoryData<string> Callers =>
        new() { "org admin", "admin", "manager", "member", "member of Label", "non-member" };

    static ProjectAccess Access(string caller) => caller switch
    {
        "org admin" => OrgAdmin(),
        "admin" => Member(ProjectRole.Admin),
        "manager" => Member(ProjectRole.Manager),
        "member" => Member(ProjectRole.Member),
        "member of Label" => Member(ProjectRole.Member, "Label"),
        _ => NonMember(),
    };

    [Theory]
    [InlineData("org admin", ProjectRole.Admin)]
    [InlineData("admin", ProjectRole.Admin)]
    [InlineData("manager", ProjectRole.Manager)]
    [InlineData("member", ProjectRole.Member)]
    [InlineData("member of Label", ProjectRole.Member)]
    [InlineData("non-member", null)]
    public void The_effective_role(string caller, ProjectRole? role)
    {
        Assert.Equal(role, Access(caller).Role);
    }

    [Theory]
    [InlineData("org admin", true, true, true)]
    [InlineData("admin", true, true, true)]
    [InlineData("manager", true, false, true)]
    [InlineData("member", true, false, false)]
    [InlineData("member of Label", true, false, false)]
    [InlineData("non-member", false, false, false)]
    public void What_each_role_may_do_with_the_project(string caller, bool view, bool administer, bool manageTasks)
    {
        var access = Access(caller);

        Assert.Equal((view, administer, manageTasks), (access.CanView, access.CanAdminister, access.CanManageTasks));
    }

    [Fact]
    public void An_org_admin_is_admin_even_where_their_membership_says_less()
    {
        var access = OrgAdmin(new Membership(Project.ProjectId, Me, ProjectRole.Member, ["Label"], null));

        Assert.Equal(ProjectRole.Admin, access.Role);
        Assert.True(access.CanAdminister);
        Assert.True(access.HasStageAccess("Review_2"));
        Assert.True(access.CanSeeTask(Other));
    }

    [Theory]
    [InlineData("org admin", "Label", true)]
    [InlineData("org admin", "Review_2", true)]
    [InlineData("admin", "Review_1", true)]
    [InlineData("manager", "Review_2", true)]
    [InlineData("member", "Label", true)]
    [InlineData("member", "Review_2", true)]
    [InlineData("member of Label", "Label", true)]
    [InlineData("member of Label", "Review_1", false)]
    [InlineData("member of Label", "label", false)]
    [InlineData("non-member", "Label", false)]
    public void Stage_access(string caller, string stage, bool allowed)
    {
        Assert.Equal(allowed, Access(caller).HasStageAccess(stage));
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public void Nobody_works_in_Ground_Truth(string caller)
    {
        Assert.False(Access(caller).HasStageAccess(Workflow.GroundTruthStage));
    }

    [Fact]
    public void Admins_and_managers_limited_to_some_stages_still_work_in_every_stage()
    {
        Assert.True(Member(ProjectRole.Admin, "Label").HasStageAccess("Review_1"));
        Assert.True(Member(ProjectRole.Manager, "Label").HasStageAccess("Review_1"));
    }

    [Theory]
    [InlineData("org admin", true, true, true)]
    [InlineData("admin", true, true, true)]
    [InlineData("manager", true, true, true)]
    [InlineData("member", true, false, false)]
    [InlineData("member of Label", true, false, false)]
    [InlineData("non-member", false, false, false)]
    public void Who_sees_which_task(string caller, bool own, bool someoneElses, bool unassigned)
    {
        var access = Access(caller);

        Assert.Equal((own, someoneElses, unassigned),
            (access.CanSeeTask(Me), access.CanSeeTask(Other), access.CanSeeTask(null)));
    }

    [Theory]
    [InlineData("org admin", true)]
    [InlineData("admin", true)]
    [InlineData("manager", true)]
    [InlineData("member", true)]
    [InlineData("member of Label", true)]
    [InlineData("non-member", false)]
    public void Only_the_assignee_works_on_a_task_whatever_the_role(string caller, bool own)
    {
        var access = Access(caller);

        Assert.Equal(own, access.CanWorkOnTask(Me));
        Assert.False(access.CanWorkOnTask(Other));
        Assert.False(access.CanWorkOnTask(null));
    }

    [Theory]
    [InlineData("ME@example.com")]
    [InlineData("Me@Example.COM")]
    public void The_assignee_is_recognised_whatever_the_case_of_the_email(string assignee)
    {
        var access = Member(ProjectRole.Member);

        Assert.True(access.CanSeeTask(assignee));
        Assert.True(access.CanWorkOnTask(assignee));
    }
}
