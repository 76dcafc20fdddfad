using System.Net;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Client;

public sealed class ProjectClientTests
{
    [Fact]
    public async Task A_project_is_created_listed_read_and_its_stages_changed()
    {
        var host = await DocketHost.SharedAsync();
        var admin = TestClients.Create(host, DocketHost.AdminKey);
        var projectId = Scenario.UniqueId("cli-proj");

        var created = await admin.CreateProjectAsync(new CreateProjectRequest(projectId, "Knee CT",
            2)
        { QueueSize = 3, ShardCount = 2 });
        var listed = await admin.ListProjectsAsync();
        var changed = await admin.UpdateStageAsync(projectId, "Review_1", new UpdateStageRequest
        {
            AutoAssign = false,
            ReviewPercent = 0.25m
        });
        var read = await admin.GetProjectAsync(projectId);
        var duplicate = await Assert.ThrowsAsync<DocketApiException>(()
            => admin.CreateProjectAsync(new CreateProjectRequest(projectId, "Again")));

        Assert.Equal(["Label", "Review_1", "Review_2", "Ground Truth"], created.Stages.Select(s => s.Name));
        Assert.Equal((3, 2), (created.Stages[0].QueueSize!.Value, created.ShardCount));
        Assert.Contains(listed, p => p.ProjectId == projectId);
        Assert.Equivalent(changed, read, strict: true);
        var review = read.Stages.Single(s => s.Name == "Review_1");
        Assert.Equal((false, 0.25m), (review.AutoAssign!.Value, review.ReviewPercent!.Value));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
    }

    [Fact]
    public async Task A_project_is_renamed_and_its_idle_timeout_and_every_work_stages_auto_assign_changed()
    {
        var world = await ClientWorld.CreateAsync("cli-patch");

        var updated = await world.Admin.UpdateProjectAsync(world.ProjectId, new UpdateProjectRequest
        {
            Name = "Brain MRI, second pass",
            IdleTimeoutMinutes = 45,
            AutoAssign = false,
        });
        var renamedOnly = await world.Admin.UpdateProjectAsync(world.ProjectId,
            new UpdateProjectRequest { Name = "Brain MRI" });
        var invalid = await Assert.ThrowsAsync<DocketApiException>(() => world.Admin.UpdateProjectAsync(
            world.ProjectId, new UpdateProjectRequest { Name = "", IdleTimeoutMinutes = 0 }));
        var forbidden = await Assert.ThrowsAsync<DocketApiException>(() => world.Lena.UpdateProjectAsync(
            world.ProjectId, new UpdateProjectRequest { Name = "Mine" }));

        Assert.Equal(("Brain MRI, second pass", 45), (updated.Name, updated.IdleTimeoutMinutes));
        Assert.Equal([false, false, null], updated.Stages.Select(s => s.AutoAssign));
        Assert.Equal(("Brain MRI", 45), (renamedOnly.Name, renamedOnly.IdleTimeoutMinutes));
        Assert.Equal([false, false, null], renamedOnly.Stages.Select(s => s.AutoAssign));
        Assert.Equivalent(renamedOnly, await world.Admin.GetProjectAsync(world.ProjectId), strict: true);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal(["idleTimeoutMinutes", "name"], invalid.Errors.Select(e => e.Field).Order());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
    }

    [Fact]
    public async Task Members_are_added_listed_and_removed()
    {
        var world = await ClientWorld.CreateAsync("cli-mem");
        var email = Scenario.UniqueEmail("omar");
        await world.Admin.PutUserAsync(email);

        var added = await world.Admin.PutMemberAsync(world.ProjectId, email, new PutMemberRequest(ProjectRole.Manager));
        var listed = await world.Admin.ListMembersAsync(world.ProjectId);
        await world.Admin.RemoveMemberAsync(world.ProjectId, email);
        var after = await world.Admin.ListMembersAsync(world.ProjectId);
        var notMember = await Assert.ThrowsAsync<DocketApiException>(()
            => world.Admin.RemoveMemberAsync(world.ProjectId, email));

        Assert.Equal("Manager", added.Role);
        Assert.Equal(["Label", "Review_1"], added.Stages);
        Assert.Equal([ClientWorld.LenaEmail, email, ClientWorld.RamiEmail], listed.Select(m => m.Email).Order());
        Assert.DoesNotContain(after, m => m.Email == email);
        Assert.Equal(HttpStatusCode.NotFound, notMember.Status);
    }

    [Fact]
    public async Task A_member_is_forbidden_what_only_admins_may_do_and_rebalancing_reports_its_pass()
    {
        var world = await ClientWorld.CreateAsync("cli-reb");

        var forbidden = await Assert.ThrowsAsync<DocketApiException>(()
            => world.Lena.ListMembersAsync(world.ProjectId));
        var report = await world.Admin.RebalanceAsync(world.ProjectId);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.Equal((world.ProjectId, 0), (report.ProjectId, report.Released));
    }

    [Fact]
    public async Task Statistics_the_consistency_check_and_the_backfill_answer_through_the_client()
    {
        var world = await ClientWorld.CreateAsync("cli-ops");
        var upload = await world.UploadSampleAsync();

        var stats = await world.Admin.GetStatsAsync(world.ProjectId, byAssignee: true);
        var check = await world.Admin.CheckProjectAsync(world.ProjectId);
        var repaired = await world.Admin.CheckProjectAsync(world.ProjectId, repair: true);
        var reindex = await world.Admin.ReindexAsync(world.ProjectId);
        var memberMayNot = await Assert.ThrowsAsync<DocketApiException>(()
            => world.Lena.CheckProjectAsync(world.ProjectId));

        Assert.Equal(upload.Created, stats.Stages.Sum(s => s.Total));
        Assert.Equal(["Label", "Review_1", "Ground Truth"], stats.Stages.Select(s => s.StageName));
        Assert.NotNull(stats.Assignees);
        Assert.Equal((world.ProjectId, (long)upload.Created), (check.ProjectId, check.Tasks));
        Assert.Empty(check.Problems);
        Assert.Equal((0, 0), (repaired.Problems.Count, repaired.RepairedCount));
        Assert.Equal((world.ProjectId, 4, "Running"), (reindex.ProjectId, reindex.Shards, reindex.Status));
        Assert.Equal(reindex.ReindexId, (await world.Admin.GetReindexAsync(world.ProjectId)).ReindexId);
        Assert.Equal(HttpStatusCode.Forbidden, memberMayNot.Status);
    }
}
