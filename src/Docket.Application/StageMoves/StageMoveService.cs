using System.Text.Json;
using Azure;
using Docket.Application.Tasks;
using Docket.Domain.Access;
using Docket.Domain.Projects;
using Docket.Domain.StageMoves;
using Docket.Domain.Tasks;
using Docket.Storage.Messaging;
using Docket.Storage.Projects;
using Docket.Storage.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Docket.Application.StageMoves;

/// <summary>
/// Stage moves through the "stage-moves" queue. A decision (finalize, accept, reject, an admin's send) is written
/// on the task as a pending move in the same batch as the task itself; then a message asks for the move. The move
/// applies only while the task still carries that pending move, so duplicates and stale messages change nothing,
/// and a move whose message was lost (a crash between the write and the send) is found by the sweeper.
/// </summary>
public sealed class StageMoveService(
    ProjectStore projects,
    MemberStore members,
    TaskStore tasks,
    TaskUpdater updater,
    DocketQueues queues,
    IOptions<StageMoveOptions> options,
    TimeProvider clock,
    ILogger<StageMoveService> logger)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string NewMoveId() => Guid.NewGuid().ToString("N");

    /// <summary>The assignee completes their stage (with a review decision in review stages); the move follows on the queue.</summary>
    public async Task<TaskOutcome> FinalizeAsync(ProjectAccess access, string taskId, ReviewDecision? decision, CancellationToken cancellationToken)
    {
        var project = access.Project;
        var outcome = await updater.UpdateAsync(project, taskId,
            task => TaskTransitions.Finalize(task, project.Workflow.Find(task.StageName)!, decision, access.Caller.Email, NewMoveId(), clock.GetUtcNow()),
            guard: access.RefusalToWorkOn, cancellationToken: cancellationToken);
        if (outcome.Kind == TaskOutcomeKind.Changed) await SendAsync(project.ProjectId, outcome.Task!.Task, cancellationToken);
        return outcome;
    }

    /// <summary>An admin sends a task to any stage; the move follows on the queue.</summary>
    public async Task<TaskOutcome> RequestAsync(Project project, string taskId, string toStage, string actor, StoredTask? alreadyRead,
        CancellationToken cancellationToken)
    {
        var outcome = await updater.UpdateAsync(project, taskId,
            task => TaskTransitions.Send(task, toStage, actor, NewMoveId(), clock.GetUtcNow()),
            alreadyRead: alreadyRead, cancellationToken: cancellationToken);
        if (outcome.Kind == TaskOutcomeKind.Changed) await SendAsync(project.ProjectId, outcome.Task!.Task, cancellationToken);
        return outcome;
    }

    Task SendAsync(string projectId, AnnotationTask task, CancellationToken cancellationToken) =>
        queues.SendAsync(DocketQueues.StageMoves,
            JsonSerializer.Serialize(new StageMoveMessage(projectId, task.TaskId, task.PendingMove!.MoveId), Json), cancellationToken);

    /// <summary>
    /// Carries out the move a message names, if the task is still waiting for exactly that move: Changed when this
    /// call moved it, Unchanged when it was done already or superseded, NotFound for an unknown project or task,
    /// Busy when the task changed too often to move now.
    /// </summary>
    public async Task<TaskOutcome> ApplyAsync(StageMoveMessage message, CancellationToken cancellationToken)
    {
        var project = await projects.GetRecentAsync(message.ProjectId, cancellationToken);
        if (project is null) return TaskOutcome.Refused(Refusal.NotFound($"Project '{message.ProjectId}' was not found."));
        var roster = (await members.ListRecentAsync(project.ProjectId, cancellationToken))!.ToDictionary(m => m.Email);
        var outcome = await updater.UpdateAsync(project, message.TaskId, task =>
            task.PendingMove?.MoveId != message.MoveId
                ? TaskChange.To(task) // done already, or superseded: nothing to do
                : StageMove.Apply(task, project, (email, stage) => roster.TryGetValue(email, out var m) && m.HasStageAccess(stage), clock.GetUtcNow()),
            cancellationToken: cancellationToken);
        if (outcome.Kind == TaskOutcomeKind.Changed && outcome.Task!.Task.PendingMove is null)
            logger.LogInformation("Task {TaskId} in {ProjectId} is now in {Stage} ({Status})", outcome.Task.Task.TaskId, project.ProjectId,
                outcome.Task.Task.StageName, outcome.Task.Task.Status.ToApi());
        return outcome;
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
