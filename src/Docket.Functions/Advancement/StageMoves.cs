using System.Text.Json;
using Docket.Domain.Advancement;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Functions.Tasks;
using Docket.Storage.Messaging;
using Docket.Storage.Projects;
using Docket.Storage.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Docket.Functions.Advancement;

/// <summary>
/// Stage advancement through the "task-moves" queue. A decision (finalize, accept, reject, an admin's send) is
/// written on the task as a pending move in the same batch as the task itself; then a message asks for the move.
/// The move applies only while the task still carries that pending move, so duplicates and stale messages change
/// nothing, and a move whose message was lost (a crash between the write and the send) is found by the sweeper.
/// </summary>
public sealed class StageMoves(
    ProjectStore projects,
    MemberStore members,
    TaskStore tasks,
    TaskUpdater updater,
    DocketQueues queues,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    ILogger<StageMoves> logger)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string NewMoveId() => Guid.NewGuid().ToString("N");

    public Task SendAsync(string projectId, AnnotationTask task, CancellationToken cancellationToken) =>
        queues.SendAsync(DocketQueues.TaskMoves,
            JsonSerializer.Serialize(new TaskMoveMessage(projectId, task.TaskId, task.PendingMove!.MoveId), Json), cancellationToken);

    /// <summary>Carries out the move a message names, if the task is still waiting for exactly that move.</summary>
    public async Task ApplyAsync(TaskMoveMessage message, CancellationToken cancellationToken)
    {
        var project = await projects.GetRecentAsync(message.ProjectId, cancellationToken);
        if (project is null)
        {
            logger.LogWarning("Move {MoveId} names unknown project {ProjectId}; dropped", message.MoveId, message.ProjectId);
            return;
        }
        var roster = (await members.ListRecentAsync(project.ProjectId, cancellationToken))!.ToDictionary(m => m.Email);
        var outcome = await updater.UpdateAsync(project, message.TaskId, _ => null, task =>
            task.PendingMove?.MoveId != message.MoveId
                ? TaskChange.To(task) // done already, or superseded: nothing to do
                : StageAdvance.Apply(task, project, (email, stage) => roster.TryGetValue(email, out var m) && m.HasStageAccess(stage), clock.GetUtcNow()),
            cancellationToken);
        if (outcome.Task is null)
        {
            // Too busy to update now: fail, so the queue delivers the message again instead of leaving it to the sweeper.
            if (await tasks.GetAsync(project, message.TaskId, cancellationToken) is not null)
                throw new InvalidOperationException($"Task {message.TaskId} in {project.ProjectId} changed too often to move now; the message will be retried.");
            logger.LogWarning("Move {MoveId} names unknown task {TaskId} in {ProjectId}; dropped", message.MoveId, message.TaskId, message.ProjectId);
        }
        else if (outcome.Changed && outcome.Task.Task.PendingMove is null)
            logger.LogInformation("Task {TaskId} in {ProjectId} is now in {Stage} ({Status})", outcome.Task.Task.TaskId, project.ProjectId, outcome.Task.Task.StageName, outcome.Task.Task.Status.ToApi());
    }

    /// <summary>Re-sends moves pending for longer than they should be; reports those pending so long they look stuck.</summary>
    public async Task<(int Resent, int Stuck)> SweepAsync(CancellationToken cancellationToken)
    {
        int resent = 0, stuck = 0;
        foreach (var project in await projects.ListAsync(cancellationToken))
        {
            var (projectResent, projectStuck) = await SweepProjectAsync(project, cancellationToken);
            resent += projectResent;
            stuck += projectStuck;
        }
        if (resent + stuck > 0) logger.LogWarning("Move sweep: re-sent {Resent} pending moves, {Stuck} stuck", resent, stuck);
        return (resent, stuck);
    }

    /// <summary>One project's share of the sweep; it reads the pending-move index rows, not the tasks.</summary>
    public async Task<(int Resent, int Stuck)> SweepProjectAsync(Project project, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        int resent = 0, stuck = 0;
        foreach (var taskId in await tasks.ReadPendingMovesAsync(project, now - settings.PendingMoveAge, cancellationToken))
        {
            var task = await tasks.GetAsync(project, taskId, cancellationToken);
            if (task?.Task.PendingMove is not { } move) continue;
            if (now - move.RequestedAt > settings.StuckAfter)
            {
                stuck++;
                logger.LogError("Task {TaskId} in {ProjectId} is stuck: its move {MoveId} from {Stage} has been pending since {RequestedAt}",
                    taskId, project.ProjectId, move.MoveId, move.FromStage, move.RequestedAt);
                continue;
            }
            await SendAsync(project.ProjectId, task.Task, cancellationToken);
            resent++;
        }
        return (resent, stuck);
    }
}
