using System.Text.Json;
using Azure.Storage.Queues;
using Docket.Application.Messaging;
using Docket.Application.StageMoves;
using Docket.Application.Tasks;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Functions.StageMoves;
using Docket.Functions.Tests.Infrastructure;
using Docket.Storage.Messaging;
using Docket.Storage.Projects;
using Microsoft.Extensions.DependencyInjection;
using DocketTask = Docket.Contracts.DocketTask;

namespace Docket.Functions.Tests.StageMoves;

/// <summary>
/// At-least-once delivery: duplicates, a crash between the state write and the send, and a poisoned move.
/// </summary>
public sealed class MoveDeliveryTests
{
    sealed record Setup(Scenario Scenario, RunningHost Host, Project Project, string TaskId, string Labeler);

    static async Task<Setup> LabelTaskAsync(RunningHost host)
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("delivery");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var labelerEmail = Scenario.UniqueEmail("labeler");
        await scenario.MemberAsync(projectId, labelerEmail, "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("t", "0.5", new { Label = labelerEmail })]);
        var project = (await host.Services.GetRequiredService<ProjectStore>()
            .GetAsync(projectId, CancellationToken.None))!;
        return new Setup(scenario, host, project, ids["t"], labelerEmail);
    }

    /// <summary>
    /// Writes a decided move on the task without sending its message: the state a crash right after the write leaves.
    /// </summary>
    static async Task<AnnotationTask> DecideWithoutSendingAsync(Setup setup, Func<AnnotationTask, TaskChange> decide)
    {
        var outcome = await setup.Host.Services.GetRequiredService<TaskUpdater>()
            .UpdateAsync(setup.Project, setup.TaskId, decide, cancellationToken: CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.Task!.Task;
    }

    static Task<DocketTask> TaskAsync(Setup setup) =>
        setup.Scenario.OrgAdmin.Docket.GetTaskAsync(setup.Project.ProjectId, setup.TaskId);

    static async Task<string[]> EventTypesAsync(Setup setup) =>
        (await setup.Scenario.OrgAdmin.Docket.GetTaskEventsAsync(setup.Project.ProjectId, setup.TaskId))
        .Select(e => e.Type).ToArray();

    [Fact]
    public async Task The_same_move_delivered_three_times_advances_the_task_once()
    {
        var setup = await LabelTaskAsync(await DocketHost.SharedAsync());
        var label = setup.Project.Workflow.First;
        var decided = await DecideWithoutSendingAsync(setup, t => TaskTransitions.Finalize(t, label, null,
            setup.Labeler, StageMoveService.NewMoveId(), DateTimeOffset.UtcNow));
        var message = new StageMoveMessage(setup.Project.ProjectId, setup.TaskId, decided.PendingMove!.MoveId);

        // Three deliveries of one message, at once, each through the queue function as the host would call it.
        var function = ActivatorUtilities.CreateInstance<StageMoveFunctions>(setup.Host.Services);
        await Task.WhenAll(
            Enumerable.Range(0, 3).Select(_ => Task.Run(() => function.MoveTask(message, CancellationToken.None))));

        Assert.Equal("Review_1", (await TaskAsync(setup)).StageName);
        Assert.Single(await EventTypesAsync(setup), type => type == TaskEventTypes.EnteredStage);

        // A stale message (an earlier move id) changes nothing either.
        await function.MoveTask(message with { MoveId = StageMoveService.NewMoveId() }, CancellationToken.None);
        Assert.Single(await EventTypesAsync(setup), type => type == TaskEventTypes.EnteredStage);
    }

    [Fact]
    public async Task A_move_whose_message_was_lost_is_sent_again_by_the_sweeper()
    {
        await using var host = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Docket:SweepSchedule"] = "*/1 * * * * *",
            ["Docket:StageMoves:PendingMoveAge"] = "00:00:01",
        }, queueAndBlobTriggers: true);
        var setup = await LabelTaskAsync(host);
        var label = setup.Project.Workflow.First;
        await DecideWithoutSendingAsync(setup, t => TaskTransitions.Finalize(t, label, null, setup.Labeler,
            StageMoveService.NewMoveId(), DateTimeOffset.UtcNow));

        var healed = await Eventually.HoldsAsync(() => TaskAsync(setup), t => t.StageName == "Review_1",
            TimeSpan.FromSeconds(60), "the sweeper re-sends the lost move");
        Assert.Equal((null, 0.5m), (healed.PendingMove, healed.Priority));
        Assert.Single(await EventTypesAsync(setup), type => type == TaskEventTypes.EnteredStage);
    }

    [Fact]
    public async Task A_move_that_keeps_failing_ends_in_the_poison_queue_and_leaves_the_task_consistent_and_visible()
    {
        var setup = await LabelTaskAsync(await DocketHost.SharedAsync());
        // A move to a stage the workflow does not have can never succeed.
        var decided = await DecideWithoutSendingAsync(setup, t => TaskTransitions.Send(t, "Nowhere", "root@docket.test",
            StageMoveService.NewMoveId(), DateTimeOffset.UtcNow));
        var moveId = decided.PendingMove!.MoveId;
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var connection = await TestStorage.ConnectionStringAsync();
        await new QueueClient(connection, QueueNames.StageMoves, options).SendMessageAsync(
            JsonSerializer.Serialize(new StageMoveMessage(setup.Project.ProjectId, setup.TaskId, moveId),
                new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        var poison = new QueueClient(connection, QueueNames.StageMoves + "-poison", options);
        await Eventually.HoldsAsync(async () => (await poison.ExistsAsync()).Value
                ? (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString().Contains(moveId))
                : false,
            found => found, TimeSpan.FromSeconds(90), "the message is poisoned after maxDequeueCount attempts");

        var task = await TaskAsync(setup);
        Assert.Equal(("Label", moveId, 0.5m), (task.StageName, task.PendingMove?.MoveId, task.Priority));
        var listed = await setup.Scenario.OrgAdmin.Docket.ListTasksAsync(setup.Project.ProjectId);
        Assert.NotNull(Assert.Single(listed.Tasks).PendingMove);
        Assert.Contains(CapturedLogs.Instance.Lines, line => line.Contains("MoveTask") && line.Contains("failed"));
    }
}
