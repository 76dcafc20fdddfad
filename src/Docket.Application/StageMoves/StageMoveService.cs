using System.Text.Json;
using Docket.Application.Configuration;
using Docket.Application.Health;
using Docket.Application.Messaging;
using Docket.Application.Ports;
using Docket.Application.Tasks;
using Docket.Application.Telemetry;
using Docket.Domain.Access;
using Docket.Domain.Projects;
using Docket.Domain.StageMoves;
using Docket.Domain.Tasks;
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
    IProjectStore projects,
    IMemberStore members,
    ITaskReader tasks,
    IPendingMoveStore pendingMoves,
    IStuckMoveSummary stuckSummary,
    TaskUpdater updater,
    BulkUpdates bulk,
    IMessageQueues queues,
    IOptions<StageMoveOptions> options,
    DocketMetrics metrics,
    TimeProvider clock,
    ILogger<StageMoveService> logger)
{
    static readonly JsonSerializerOptions Json = StoredJson.Options;

    public static string NewMoveId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// The assignee completes their stage (with a review decision in review stages); the move follows on the queue.
    /// </summary>
    public async Task<TaskOutcome> FinalizeAsync(ProjectAccess access, string taskId, ReviewDecision? decision,
        CancellationToken cancellationToken)
    {
        var project = access.Project;
        var outcome = await updater.UpdateAsync(project, taskId,
            task => TaskTransitions.Finalize(task, project.Workflow.Find(task.StageName)!, decision,
                access.Caller.Email, NewMoveId(), clock.GetUtcNow()),
            guard: access.RefusalToWorkOn, cancellationToken: cancellationToken);
        if (outcome.Kind == TaskOutcomeKind.Changed)
            await SendAsync(project.ProjectId, outcome.Task!.Task, cancellationToken);
        return outcome;
    }

    /// <summary>An admin sends a task to any stage; the move follows on the queue.</summary>
    public async Task<TaskOutcome> RequestAsync(Project project, string taskId, string toStage, string actor,
        StoredTask? alreadyRead, CancellationToken cancellationToken)
    {
        var outcome = await updater.UpdateAsync(project, taskId,
            task => TaskTransitions.Send(task, toStage, actor, NewMoveId(), clock.GetUtcNow()),
            alreadyRead: alreadyRead, cancellationToken: cancellationToken);
        if (outcome.Kind == TaskOutcomeKind.Changed)
            await SendAsync(project.ProjectId, outcome.Task!.Task, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// An admin sends tasks to a stage, each with its own outcome (a task already there, or already going there, is
    /// unchanged; one moving elsewhere is refused).
    /// </summary>
    public Task<IReadOnlyList<(string TaskId, TaskOutcome Outcome)>> RequestAllAsync(Project project,
        IReadOnlyList<StoredTask> tasks, string toStage, string actor, CancellationToken cancellationToken) =>
        bulk.RunAsync(tasks, t => t.Task.TaskId,
            (t, ct) => RequestAsync(project, t.Task.TaskId, toStage, actor, t, ct), cancellationToken);

    Task SendAsync(string projectId, AnnotationTask task, CancellationToken cancellationToken) =>
        queues.SendAsync(QueueNames.StageMoves,
            JsonSerializer.Serialize(new StageMoveMessage(projectId, task.TaskId, task.PendingMove!.MoveId), Json),
            cancellationToken);

    /// <summary>
    /// Carries out the move a message names, if the task is still waiting for exactly that move: Changed when this
    /// call moved it, Unchanged when it was done already or superseded, NotFound for an unknown project or task,
    /// Busy when the task changed too often to move now.
    /// </summary>
    public async Task<TaskOutcome> ApplyAsync(StageMoveMessage message, CancellationToken cancellationToken)
    {
        var project = await projects.GetRecentAsync(message.ProjectId, cancellationToken);
        if (project is null)
            return TaskOutcome.Refused(Refusal.NotFound($"Project '{message.ProjectId}' was not found."));
        var roster = (await members.ListRecentAsync(project.ProjectId, cancellationToken))!.ToDictionary(m => m.Email);
        DateTimeOffset? decidedAt = null;
        var outcome = await updater.UpdateAsync(project, message.TaskId, task =>
        {
            if (task.PendingMove?.MoveId != message.MoveId) return TaskChange.To(task); // done already, or superseded
            decidedAt = task.PendingMove.RequestedAt;
            return StageMove.Apply(task, project,
                (email, stage) => roster.TryGetValue(email, out var m) && m.HasStageAccess(stage), clock.GetUtcNow());
        }, cancellationToken: cancellationToken);
        var applied = outcome.Kind == TaskOutcomeKind.Changed && outcome.Task!.Task.PendingMove is null;
        metrics.StageMoveHandled(applied ? "applied" : outcome.Kind.ToString().ToLowerInvariant(),
            applied ? clock.GetUtcNow() - decidedAt : null);
        if (applied)
            logger.TaskArrived(outcome.Task!.Task.TaskId, project.ProjectId, outcome.Task.Task.StageName,
                outcome.Task.Task.Status.ToApi());
        return outcome;
    }

    /// <summary>An admin asks for a pending move again now (the back-off starts over).</summary>
    public async Task<TaskOutcome> RetryAsync(Project project, string taskId, CancellationToken cancellationToken)
    {
        var current = await tasks.GetAsync(project, taskId, cancellationToken);
        if (current is null) return TaskOutcome.NotFound(taskId);
        if (current.Task.PendingMove is null)
            return TaskOutcome.Refused(Refusal.Conflict("the task has no pending stage move",
                RefusalCodes.NoPendingMove));
        await SendAsync(project.ProjectId, current.Task, cancellationToken);
        if (await pendingMoves.FindAsync(project, current.Task, cancellationToken) is { } entry)
            await pendingMoves.RecordResendAsync(project, entry, 0, clock.GetUtcNow(), cancellationToken);
        return TaskOutcome.Unchanged(current);
    }

    /// <summary>An admin gives up a pending move: the task stays where it was.</summary>
    public Task<TaskOutcome> CancelAsync(Project project, string taskId, string actor,
        CancellationToken cancellationToken) =>
        updater.UpdateAsync(project, taskId, task => TaskTransitions.CancelMove(task, actor, clock.GetUtcNow()),
            cancellationToken: cancellationToken);

    public sealed record SweepReport(int Resent, int Stuck);

    /// <summary>
    /// Re-sends moves pending for longer than they should be, in every project; one project failing does not stop
    /// the others.
    /// </summary>
    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        int resent = 0, stuck = 0;
        var sweptAt = clock.GetUtcNow();
        var stuckByProject = new List<StuckMoves>();
        foreach (var project in await projects.ListAsync(cancellationToken))
        {
            try
            {
                var report = await SweepProjectAsync(project, cancellationToken);
                resent += report.Resent;
                stuck += report.Stuck;
                if (report.Stuck > 0) stuckByProject.Add(new StuckMoves(project.ProjectId, report.Stuck));
            }
            catch (Exception exception) when (exception is not OperationCanceledException
                || !cancellationToken.IsCancellationRequested)
            {
                logger.MoveSweepOfProjectFailed(exception, project.ProjectId);
            }
        }
        if (resent + stuck > 0)
            logger.MovesResent(resent, stuck);
        await stuckSummary.SaveAsync(stuckByProject, sweptAt, cancellationToken);
        return new SweepReport(resent, stuck);
    }

    /// <summary>
    /// One project's share of the sweep; it reads the pending-move index rows, not the tasks. A move is re-sent when
    /// its wait is over — <see cref="StageMoveOptions.PendingMoveAge"/> after it was decided, then doubling up to
    /// <see cref="StageMoveOptions.MaxResendInterval"/> — however long it has been pending: nothing is given up on.
    /// Moves pending longer than <see cref="StageMoveOptions.StuckAfter"/> are reported stuck.
    /// </summary>
    public async Task<SweepReport> SweepProjectAsync(Project project, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        int pending = 0, resent = 0, stuck = 0;
        foreach (var read in await pendingMoves.ReadDecidedUntilAsync(project, now - settings.PendingMoveAge,
            cancellationToken))
        {
            var entry = read;
            var task = await tasks.GetAsync(project, entry.TaskId, cancellationToken);
            if (task?.Task.PendingMove is not { } move || !pendingMoves.IsOf(entry, task.Task)) continue;
            pending++;
            var isStuck = now - move.RequestedAt > settings.StuckAfter;
            if (isStuck) stuck++;
            // Once per stuck move, move.stuck goes out (with the task as it is); a race leaves it to the next sweep.
            if (isStuck && entry.StuckReportedAt is null)
            {
                if (await pendingMoves.ReportStuckAsync(project, entry, task.Task, now, cancellationToken) is not
                    { } reported) continue;
                entry = reported;
            }
            var lastSent = entry.LastResentAt ?? move.RequestedAt;
            if (now - lastSent < settings.ResendInterval(entry.Resends)) continue;

            await SendAsync(project.ProjectId, task.Task, cancellationToken);
            await pendingMoves.RecordResendAsync(project, entry, entry.Resends + 1, now, cancellationToken);
            resent++;
            if (isStuck)
                logger.MoveStuck(entry.TaskId, project.ProjectId, move.MoveId, move.FromStage, move.RequestedAt,
                    entry.Resends + 1);
        }
        metrics.MovesObserved(project.ProjectId, pending, stuck);
        return new SweepReport(resent, stuck);
    }
}
