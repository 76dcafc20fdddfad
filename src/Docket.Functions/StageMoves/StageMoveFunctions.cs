using Docket.Application.Messaging;
using Docket.Application.Configuration;
using Docket.Application.StageMoves;
using Docket.Application.Tasks;
using Docket.Domain.Tasks;
using Docket.Functions.Tasks;
using Microsoft.Extensions.Logging;
using Api = Docket.Contracts;
using Docket.Functions.OpenApi;
using Docket.Functions.Hosting;

namespace Docket.Functions.StageMoves;

/// <summary>
/// Stage moves: finalize and admin moves over HTTP (answered 202), the queue function that moves tasks, and its sweep.
/// </summary>
public sealed class StageMoveFunctions(StageMoveService moves, TaskQueries tasks,
    ILogger<StageMoveFunctions> logger)
{
    [Operation("Work",
        "Finish the task in its stage (the assignee). Label stages take no body; review stages need {\"review\": " +
            "\"accept\"|\"reject\"}.",
        Body = typeof(Api.FinalizeRequest),
        BodyOptional = true,
        Refuses = [403, 409])]
    [Answers(202,
        "Accepted: the task shows its pendingMove until the stage move completes.",
        Body = typeof(Api.DocketTask))]
    [Function(nameof(FinalizeTask))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> FinalizeTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/{taskId}/finalize")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true,
            cancellationToken: cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        var body = TaskRequests.Finalize(fields);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var outcome = await moves.FinalizeAsync(access, taskId, body.Review?.ToDomain(), cancellationToken);
        return TaskOutcomes.ToResult(outcome, StatusCodes.Status202Accepted);
    }

    [Operation("Tasks", "Send tasks to another stage.", Body = typeof(Api.MoveRequest))]
    [Answers(202, "The moves, under way.", Body = typeof(IReadOnlyList<Api.MoveOutcome>))]
    [Answers(207,
        "Some task was refused or failed: each task carries its outcome and error.",
        Body = typeof(IReadOnlyList<Api.MoveOutcome>))]
    [Function(nameof(MoveTasks))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> MoveTasks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/move")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        var body = BulkRequests.Move(fields);
        var stageName = body.StageName;
        var project = access.Project;
        if (fields.Errors.All(e => e.Field != "stageName") && project.Workflow.Find(stageName) is null)
            fields.Fail("stageName", $"'{stageName}' is not a stage of this project");
        // A task already there, or already being sent there, is unchanged; one moving elsewhere is refused: per task.
        var selected = await TaskSelection.ReadAsync(body.TaskIds, fields, project, tasks, cancellationToken);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var outcomes = (await moves.RequestAllAsync(project, selected.Select(s => s.Task!).ToList(), stageName,
                access.Caller.Email, cancellationToken))
            .ToDictionary(o => o.TaskId, o => o.Outcome);
        return BulkResults.Json(selected.Select(s =>
        {
            var outcome = outcomes[s.TaskId];
            var task = outcome.Task?.Task ?? s.Task!.Task;
            return new Api.MoveOutcome(s.TaskId, task.Name, task.StageName, stageName, TaskOutcomes.Word(outcome),
                BulkResults.ErrorOf(outcome));
        }).ToList(), StatusCodes.Status202Accepted);
    }

    /// <summary>Sends a task's pending move again now, e.g. after a queue outage left it stuck.</summary>
    [Operation("Tasks", "Send the pending stage move again.", Refuses = [409])]
    [Answers(202, "The task, its move sent again.", Body = typeof(Api.DocketTask))]
    [Function(nameof(RetryMove))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> RetryMove(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/{taskId}/move/retry")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var outcome = await moves.RetryAsync(request.ProjectAccess().Project, taskId, cancellationToken);
        return TaskOutcomes.ToResult(outcome, StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Gives up a task's pending move: it stays in its stage, back in its holder's queue or the pool.
    /// </summary>
    [Operation("Tasks", "Give up the pending stage move; the task stays.", Refuses = [409])]
    [Answers(200, "The task, where it was.", Body = typeof(Api.DocketTask))]
    [Function(nameof(CancelMove))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> CancelMove(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/{taskId}/move/cancel")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var outcome = await moves.CancelAsync(access.Project, taskId, access.Caller.Email, cancellationToken);
        return TaskOutcomes.ToResult(outcome);
    }

    /// <summary>Moves a task; a task too busy to move now fails the message so the queue delivers it again.</summary>
    [Function(nameof(MoveTask))]
    public async Task MoveTask(
        [QueueTrigger(QueueNames.StageMoves, Connection = DocketSettings.StorageConnection)] StageMoveMessage message,
        CancellationToken cancellationToken)
    {
        var outcome = await moves.ApplyAsync(message, cancellationToken);
        if (outcome.Kind == TaskOutcomeKind.Busy)
            throw new InvalidOperationException(
                $"Task {message.TaskId} in {message.ProjectId} changed too often to move now; " +
                "the message will be retried.");
        if (outcome.IsNotFound)
            logger.MoveDropped(message.MoveId, message.TaskId, message.ProjectId, outcome.Error);
    }

    [Function(nameof(SweepPendingMoves))]
    public Task SweepPendingMoves([TimerTrigger("%" + DocketSettings.SweepSchedule + "%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        moves.SweepAsync(cancellationToken);
}
