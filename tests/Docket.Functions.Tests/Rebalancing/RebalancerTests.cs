using System.Net;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Rebalancing;

/// <summary>Rebalancing against a host whose clock the test moves forward past the idle timeout.</summary>
public sealed class RebalancerTests : IAsyncLifetime
{
    readonly ShiftableClock clock = new();
    RunningHost host = null!;
    Scenario scenario = null!;

    public async Task InitializeAsync()
    {
        host = await DocketHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        scenario = await Scenario.StartAsync(host);
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    async Task<string> ProjectAsync(int queueSize = 3)
    {
        var projectId = Scenario.UniqueId("rebalance");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize, idleTimeoutMinutes = 30 });
        return projectId;
    }

    Task<RebalanceReport> RebalanceAsync(string projectId) => scenario.OrgAdmin.Docket.RebalanceAsync(projectId);

    Task<DocketTask> TaskAsync(string projectId, string taskId) =>
        scenario.OrgAdmin.Docket.GetTaskAsync(projectId, taskId);

    async Task<string[]> EventsAsync(string projectId, string taskId) =>
        (await scenario.OrgAdmin.Docket.GetTaskEventsAsync(projectId, taskId)).Select(e => e.Type).ToArray();

    [Fact]
    public async Task Skips_held_longer_than_the_stages_skip_hold_go_back_to_the_pool_manual_ones_stay_with_a_notice()
    {
        var projectId = Scenario.UniqueId("skiphold");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 3, idleTimeoutMinutes = 10_080 });
        await scenario.OrgAdmin.Docket.UpdateStageAsync(projectId, "Label",
            new UpdateStageRequest { SkipHoldMinutes = 60 });
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("auto", "0.9"), Items.Entry("manual", "0.5"), Items.Entry("kept", "0.1")]);
        var email = Scenario.UniqueEmail("skipper");
        var member = await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
        await scenario.OrgAdmin.Docket.AssignTasksAsync(projectId, [ids["manual"]], email);
        await member.Docket.NextAsync(projectId, "Label");
        await member.Docket.SkipTaskAsync(projectId, ids["auto"]);
        await member.Docket.SkipTaskAsync(projectId, ids["manual"]);

        Assert.Equal(0, (await RebalanceAsync(projectId)).Released);
        clock.Advance(TimeSpan.FromMinutes(61));
        await member.Docket.GetMeAsync(); // still active
        var report = await RebalanceAsync(projectId);

        Assert.Equal((1, 1), (report.Released, report.SkippedManual));
        Assert.Equal(("UNASSIGNED", null), ((await TaskAsync(projectId, ids["auto"])).Status,
            (await TaskAsync(projectId, ids["auto"])).Assignee));
        Assert.Equal(("SKIPPED", email), ((await TaskAsync(projectId, ids["manual"])).Status,
            (await TaskAsync(projectId, ids["manual"])).Assignee));
        Assert.Contains("holderNotice", await EventsAsync(projectId, ids["manual"]));
        Assert.Equal(email, (await TaskAsync(projectId, ids["kept"])).Assignee);
        Assert.Empty((await scenario.OrgAdmin.Docket.CheckProjectAsync(projectId)).Problems);
    }

    [Fact]
    public async Task Idle_auto_assignments_return_to_the_pool_in_their_old_order_while_manual_and_started_work_stays()
    {
        var projectId = await ProjectAsync(queueSize: 4);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("high", "0.9"), Items.Entry("mid", "0.5"), Items.Entry("plain-1"), Items.Entry("plain-2"),
                Items.Entry("manual")]);
        var idleEmail = Scenario.UniqueEmail("idle");
        var idle = await scenario.MemberAsync(projectId, idleEmail, "Member", ["Label"]);
        await scenario.OrgAdmin.Docket.AssignTasksAsync(projectId, [ids["manual"]], idleEmail);
        await idle.Docket.NextAsync(projectId, "Label");
        await idle.Docket.SkipTaskAsync(projectId, ids["plain-1"]);
        // Claimed: high, mid, plain-1 (queue size 4 with the manual one). Save one: started work is never released.
        await idle.Docket.SaveTaskAsync(projectId, ids["mid"]);
        var before = await TaskAsync(projectId, ids["high"]);

        Assert.Equal(0, (await RebalanceAsync(projectId)).Released);
        clock.Advance(TimeSpan.FromMinutes(31));
        var report = await RebalanceAsync(projectId);
        Assert.Equal(2, report.Released);
        Assert.Equal(1, report.SkippedManual);

        var released = await TaskAsync(projectId, ids["high"]);
        Assert.Equal("UNASSIGNED", released.Status);
        Assert.Equal(before.QueuedAt, released.QueuedAt);
        Assert.Equal(0.9m, released.Priority);
        Assert.Equal("IN_PROGRESS", (await TaskAsync(projectId, ids["mid"])).Status);
        Assert.Equal(idleEmail, (await TaskAsync(projectId, ids["manual"])).Assignee);
        Assert.Contains("released", await EventsAsync(projectId, ids["high"]));

        // A second pass changes nothing and notes the manual holder only once.
        var again = await RebalanceAsync(projectId);
        Assert.Equal(0, again.Released);
        Assert.Single(await EventsAsync(projectId, ids["manual"]), e => e == "holderNotice");

        // Someone else now gets the released tasks, best first, in their old order.
        var other = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("fresh"), "Member", ["Label"]);
        await other.Docket.NextAsync(projectId, "Label");
        var queue = (await other.Docket.GetQueueAsync(projectId, "Label")).Tasks;
        Assert.Equal(["high", "plain-1", "plain-2"], queue.Select(t => t.Name));
    }

    [Fact]
    public async Task A_removed_members_tasks_return_to_the_pool()
    {
        var projectId = await ProjectAsync();
        await Items.UploadNamesAsync(scenario.OrgAdmin, projectId, 3);
        var email = Scenario.UniqueEmail("leaver");
        var leaver = await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
        await leaver.Docket.NextAsync(projectId, "Label");
        await scenario.OrgAdmin.Docket.RemoveMemberAsync(projectId, email);

        Assert.Equal(3, (await RebalanceAsync(projectId)).Released);
        var pool = await scenario.OrgAdmin.Docket.ListTasksAsync(projectId,
            new TaskQuery { Search = TaskSearch.Unassigned });
        Assert.Equal(3, pool.Tasks.Count);
    }

    [Fact]
    public async Task A_removed_members_started_work_returns_to_the_pool_its_draft_discarded_and_reported()
    {
        var projectId = await ProjectAsync();
        var ids = await Items.UploadNamesAsync(scenario.OrgAdmin, projectId, 3);
        var email = Scenario.UniqueEmail("leaver");
        var leaver = await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
        await leaver.Docket.NextAsync(projectId, "Label");
        var queue = (await leaver.Docket.GetQueueAsync(projectId, "Label")).Tasks.Select(t => t.TaskId).ToList();
        await leaver.Docket.SaveTaskAsync(projectId, queue[0]);
        await leaver.Docket.SubmitTaskAsync(projectId, queue[1]);
        await scenario.OrgAdmin.Docket.RemoveMemberAsync(projectId, email);

        var report = await RebalanceAsync(projectId);

        Assert.Equal((3, 2), (report.Released, report.DraftsDiscarded));
        foreach (var taskId in ids.Values)
            Assert.Equal("UNASSIGNED", (await TaskAsync(projectId, taskId)).Status);
        Assert.Equal("released", (await EventsAsync(projectId, queue[0]))[^1]);
    }

    [Fact]
    public async Task Narrowing_a_members_stages_forbids_their_work_there_and_the_pass_releases_it()
    {
        var projectId = Scenario.UniqueId("narrowed");
        await scenario.ProjectAsync(projectId, reviewStages: 1, new { queueSize = 1 });
        var ids = await Items.UploadNamesAsync(scenario.OrgAdmin, projectId, 1);
        var email = Scenario.UniqueEmail("narrowed");
        var member = await scenario.MemberAsync(projectId, email, "Member", ["Label", "Review_1"]);
        var taskId = (await member.Docket.NextAsync(projectId, "Label"))!.TaskId;
        await member.Docket.SaveTaskAsync(projectId, taskId);

        await scenario.OrgAdmin.Docket.PutMemberAsync(projectId, email,
            new PutMemberRequest(ProjectRole.Member) { Stages = ["Review_1"] });

        var save = await Assert.ThrowsAsync<DocketApiException>(() => member.Docket.SaveTaskAsync(projectId, taskId));
        Assert.Equal(HttpStatusCode.Forbidden, save.Status);
        var finalize = await Assert.ThrowsAsync<DocketApiException>(() =>
            member.Docket.FinalizeTaskAsync(projectId, taskId));
        Assert.Equal(HttpStatusCode.Forbidden, finalize.Status);
        var report = await RebalanceAsync(projectId);
        Assert.Equal((1, 1), (report.Released, report.DraftsDiscarded));
        Assert.Equal("UNASSIGNED", (await TaskAsync(projectId, ids.Values.Single())).Status);
    }

    [Fact]
    public async Task A_race_between_release_and_save_ends_in_one_consistent_state()
    {
        for (var round = 0; round < 8; round++)
        {
            var projectId = await ProjectAsync(queueSize: 1);
            var ids = await Items.UploadNamesAsync(scenario.OrgAdmin, projectId, 1);
            var taskId = ids.Values.Single();
            var email = Scenario.UniqueEmail("racer");
            var member = await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
            await member.Docket.NextAsync(projectId, "Label");
            clock.Advance(TimeSpan.FromMinutes(31));

            var save = member.PostAsync($"api/projects/{projectId}/tasks/{taskId}/save");
            var pass = scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/rebalance");
            using var saved = await save;
            using var passed = await pass;
            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);

            var task = await TaskAsync(projectId, taskId);
            var events = await EventsAsync(projectId, taskId);
            if (saved.StatusCode == HttpStatusCode.OK)
            {
                // The save won: the work is started and held, never released afterwards.
                Assert.Equal("IN_PROGRESS", task.Status);
                Assert.Equal(email, task.Assignee);
                Assert.DoesNotContain("released", events);
            }
            else
            {
                // The release won: the task is back in the pool and the member's save was refused.
                Assert.True(saved.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict,
                    saved.StatusCode.ToString());
                Assert.Equal("UNASSIGNED", task.Status);
                Assert.Null(task.Assignee);
                Assert.Single(events, e => e == "released");
                Assert.DoesNotContain("saved", events);
            }
            var queue = await member.Docket.GetQueueAsync(projectId, "Label");
            Assert.Equal(saved.StatusCode == HttpStatusCode.OK ? 1 : 0, queue.Tasks.Count);
        }
    }

    [Fact]
    public async Task Two_passes_at_once_release_each_task_once()
    {
        var projectId = await ProjectAsync(queueSize: 5);
        var ids = await Items.UploadNamesAsync(scenario.OrgAdmin, projectId, 10);
        var members = await Task.WhenAll(Enumerable.Range(0, 2)
            .Select(i => scenario.MemberAsync(projectId, Scenario.UniqueEmail($"sleepy{i}"), "Member", ["Label"])));
        foreach (var member in members)
            await member.Docket.NextAsync(projectId, "Label");
        clock.Advance(TimeSpan.FromMinutes(31));

        var reports = await Task.WhenAll(RebalanceAsync(projectId), RebalanceAsync(projectId));
        Assert.Equal(10, reports.Sum(r => r.Released));
        foreach (var taskId in ids.Values)
            Assert.Single(await EventsAsync(projectId, taskId), e => e == "released");
    }

    [Fact]
    public async Task Work_claimed_by_org_admins_who_are_not_members_is_never_released_as_if_they_had_left()
    {
        var projectId = await ProjectAsync(queueSize: 1);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a"), Items.Entry("b")]);
        var otherAdmin = await scenario.UserAsync(Scenario.UniqueEmail("orgadmin"), "Admin");
        var bootstrapHead = (await scenario.OrgAdmin.Docket.NextAsync(projectId, "Label"))!;
        var otherHead = (await otherAdmin.Docket.NextAsync(projectId, "Label"))!;
        Assert.Equal(ids.Values.Order(), new[] { bootstrapHead, otherHead }.Select(t => t.TaskId).Order());

        clock.Advance(TimeSpan.FromHours(2));
        var report = await RebalanceAsync(projectId);

        Assert.Equal(0, report.Released);
        foreach (var head in new[] { bootstrapHead, otherHead })
        {
            var task = await TaskAsync(projectId, head.TaskId);
            Assert.Equal(head.Assignee, task.Assignee);
            Assert.Equal("ASSIGNED", task.Status);
        }
    }
}

/// <summary>The scheduled pass fans out: one message per project on the "rebalance" queue, each project's pass alone.
/// </summary>
public sealed class ScheduledRebalanceTests
{
    [Fact]
    public async Task The_timer_asks_for_each_projects_pass_on_the_queue_and_every_project_is_rebalanced()
    {
        // An Azurite of its own: its timer runs every second.
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var host = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Docket:RebalanceSchedule"] = "*/2 * * * * *",
        }, azurite.ConnectionString, queueAndBlobTriggers: true);
        var scenario = await Scenario.StartAsync(host);

        var held = new List<(string ProjectId, string TaskId)>();
        foreach (var name in new[] { "fan-a", "fan-b", "fan-c" })
        {
            var projectId = Scenario.UniqueId(name);
            await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize = 1 });
            await Items.UploadNamesAsync(scenario.OrgAdmin, projectId, 1);
            var email = Scenario.UniqueEmail("leaver");
            var leaver = await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
            var taskId = (await leaver.Docket.NextAsync(projectId, "Label"))!.TaskId;
            await scenario.OrgAdmin.Docket.RemoveMemberAsync(projectId, email);
            held.Add((projectId, taskId));
        }

        foreach (var (projectId, taskId) in held)
        {
            await Eventually.HoldsAsync(
                async () => (await scenario.OrgAdmin.Docket.GetTaskAsync(projectId, taskId)).Status,
                status => status == "UNASSIGNED", TimeSpan.FromSeconds(60),
                $"the scheduled pass releases the removed member's task in {projectId}");
        }
    }
}
