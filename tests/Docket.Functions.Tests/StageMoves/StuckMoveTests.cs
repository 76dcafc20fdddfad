using System.Net;
using Docket.Application.Events;
using Docket.Application.Ports;
using Docket.Application.StageMoves;
using Docket.Application.Tasks;
using Docket.Client;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.StageMoves;

/// <summary>
/// No pending move is ever frozen: the sweep keeps re-sending with back-off, and admins retry or cancel.
/// </summary>
public sealed class StuckMoveTests
{
    sealed record Setup(Scenario Scenario, RunningHost Host, Project Project, string TaskId,
        string Labeler, ApiClient Member);

    static async Task<Setup> HeldTaskAsync(RunningHost host)
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("stuck");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var labeler = Scenario.UniqueEmail("labeler");
        var member = await scenario.MemberAsync(projectId, labeler, "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("t", "0.5", new { Label = labeler })]);
        var project = (await host.Services.GetRequiredService<IProjectStore>()
            .GetAsync(projectId, CancellationToken.None))!;
        return new Setup(scenario, host, project, ids["t"], labeler, member);
    }

    /// <summary>
    /// Writes a decided move without sending its message: what a crash, or a long queue outage, leaves.
    /// </summary>
    static async Task DecideWithoutSendingAsync(Setup setup, Func<AnnotationTask, TaskChange> decide)
    {
        var outcome = await setup.Host.Services.GetRequiredService<TaskUpdater>()
            .UpdateAsync(setup.Project, setup.TaskId, decide, cancellationToken: CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    /// <summary>The status a call was refused with.</summary>
    static async Task<HttpStatusCode> RefusalAsync(Func<Task> call) =>
        (await Assert.ThrowsAsync<DocketApiException>(call)).Status;

    [Fact]
    public async Task An_admin_can_cancel_a_move_that_can_never_happen_and_the_task_is_back_in_its_holders_queue()
    {
        var setup = await HeldTaskAsync(await DocketHost.SharedAsync());
        await DecideWithoutSendingAsync(setup, t => TaskTransitions.Send(t, "Nowhere", DocketHost.AdminEmail,
            StageMoveService.NewMoveId(), DateTimeOffset.UtcNow));
        var (projectId, taskId) = (setup.Project.ProjectId, setup.TaskId);
        var admin = setup.Scenario.OrgAdmin.Docket;
        Assert.Empty((await setup.Member.Docket.GetQueueAsync(projectId, "Label")).Tasks);

        Assert.Equal(HttpStatusCode.Forbidden,
            await RefusalAsync(() => setup.Member.Docket.CancelMoveAsync(projectId, taskId)));
        var cancelled = await admin.CancelMoveAsync(projectId, taskId);

        Assert.Null(cancelled.PendingMove);
        Assert.Equal(("Label", "ASSIGNED", setup.Labeler), (cancelled.StageName, cancelled.Status, cancelled.Assignee));
        var queue = (await setup.Member.Docket.GetQueueAsync(projectId, "Label")).Tasks;
        Assert.Equal(taskId, Assert.Single(queue).TaskId);
        Assert.Equal(HttpStatusCode.Conflict, await RefusalAsync(() => admin.CancelMoveAsync(projectId, taskId)));
        Assert.Equal(HttpStatusCode.Conflict, await RefusalAsync(() => admin.RetryMoveAsync(projectId, taskId)));
        Assert.Contains(await admin.GetTaskEventsAsync(projectId, taskId), e => e.Type == "moveCancelled");
    }

    [Fact]
    public async Task An_admin_can_retry_a_move_whose_message_was_lost_and_it_happens_at_once()
    {
        var setup = await HeldTaskAsync(await DocketHost.SharedAsync());
        var label = setup.Project.Workflow.First;
        await DecideWithoutSendingAsync(setup, t => TaskTransitions.Finalize(t, label, null, setup.Labeler,
            StageMoveService.NewMoveId(), DateTimeOffset.UtcNow));

        var admin = setup.Scenario.OrgAdmin.Docket;
        var retried = await admin.RetryMoveAsync(setup.Project.ProjectId, setup.TaskId);
        Assert.NotNull(retried.PendingMove);

        var moved = await Eventually.HoldsAsync(() => admin.GetTaskAsync(setup.Project.ProjectId, setup.TaskId),
            t => t.StageName == "Review_1", TimeSpan.FromSeconds(60), "the retried move happens");
        Assert.Null(moved.PendingMove);
    }

    [Fact]
    public async Task A_move_pending_longer_than_stuck_after_is_still_re_sent_with_back_off_and_reported()
    {
        var clock = new ManualClock();
        await using var host = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Docket:StageMoves:PendingMoveAge"] = "00:01:00",
            ["Docket:StageMoves:MaxResendInterval"] = "00:04:00",
            ["Docket:StageMoves:StuckAfter"] = "00:10:00",
        }, services: s => s.AddSingleton<TimeProvider>(clock));
        var setup = await HeldTaskAsync(host);
        await DecideWithoutSendingAsync(setup, t =>
            TaskTransitions.Send(t, "Nowhere", DocketHost.AdminEmail, StageMoveService.NewMoveId(), clock.GetUtcNow()));
        var moves = host.Services.GetRequiredService<StageMoveService>();
        var index = host.Services.GetRequiredService<IPendingMoveStore>();
        var tasks = host.Services.GetRequiredService<ITaskReader>();
        var decidedAt = clock.GetUtcNow();

        // Half an hour of sweeps, one every 30 s, as the timer would run them.
        var resentAt = new List<TimeSpan>();
        for (var sweep = 0; sweep < 60; sweep++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            await moves.SweepProjectAsync(setup.Project, CancellationToken.None);
            var task = (await tasks.GetAsync(setup.Project, setup.TaskId, CancellationToken.None))!;
            var entry = (await index.FindAsync(setup.Project, task.Task, CancellationToken.None))!;
            if (entry.Resends > resentAt.Count) resentAt.Add(entry.LastResentAt!.Value - decidedAt);
        }

        // After 1 min, then waits doubling from 2 min up to 4 min, and on past StuckAfter (10 min) to the end.
        var gaps = resentAt.Zip(resentAt.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(TimeSpan.FromMinutes(1), resentAt[0]);
        Assert.Equal([TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)], gaps.Take(2));
        Assert.All(gaps.Skip(2), gap => Assert.Equal(TimeSpan.FromMinutes(4), gap));
        Assert.True(resentAt[^1] > TimeSpan.FromMinutes(25), $"the last re-send was at {resentAt[^1]}");
        Assert.Contains(CapturedLogs.Instance.Lines, line => line.Contains(setup.TaskId) && line.Contains("is stuck"));

        // Reported once, however many sweeps saw it stuck: one move.stuck in the feed, with the task as it is.
        var feed = host.Services.GetRequiredService<EventFeed>();
        var run = await feed.ReadAsync(setup.Project, FeedPosition.Start, new HashSet<string> { "move.stuck" }, 50,
            clock.GetUtcNow().AddMinutes(1), CancellationToken.None);
        var stuck = Assert.Single(run.Events);
        Assert.Equal(setup.TaskId, stuck.Task!.TaskId);
        Assert.StartsWith($"{setup.TaskId}.stuck.{stuck.Task.PendingMove!.MoveId}", stuck.Id);
        Assert.Equal("Nowhere", stuck.Task.PendingMove.ToStage);
    }
}
