using Docket.Domain.Tasks;
using Docket.Functions.Configuration;
using Docket.Functions.Http;
using Docket.Functions.Projects;
using Docket.Functions.Tasks;
using Docket.Storage.Messaging;
using Docket.Storage.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Docket.Functions.Advancement;

/// <summary>Finalize and admin moves over HTTP (answered 202), the queue function that moves tasks, and its sweeper.</summary>
public sealed class WorkflowFunctions(StageMoves moves, TaskUpdater updater, TaskStore tasks, ProjectAuthorizer authorizer, TimeProvider clock)
{
    [Function(nameof(FinalizeTask))]
    public async Task<IResult> FinalizeTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/tasks/{taskId}/finalize")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var (access, problem) = await authorizer.AuthorizeAsync(request, projectId, ProjectRequirement.View, cancellationToken);
        if (problem is not null) return problem;
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken, allowEmpty: true);
        if (bodyProblem is not null) return bodyProblem;
        var decisionText = fields!.String("review");
        ReviewDecision? decision = decisionText switch
        {
            null => null,
            "accept" => ReviewDecision.Accept,
            "reject" => ReviewDecision.Reject,
            _ => null,
        };
        if (decisionText is not null && decision is null) fields.Fail("review", "must be \"accept\" or \"reject\"");
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var project = access!.Project;
        var outcome = await updater.UpdateAsync(project, taskId, task =>
            TaskActionFunctions.AssigneeOnly(access, task) ?? DecisionProblem(project.Workflow.Find(task.StageName)!, decision),
            task => TaskTransitions.Finalize(task, project.Workflow.Find(task.StageName)!, decision, access.Caller.Email, StageMoves.NewMoveId(), clock.GetUtcNow()),
            cancellationToken);
        if (outcome.Problem is not null) return outcome.Problem;

        await moves.SendAsync(project.ProjectId, outcome.Task!.Task, cancellationToken);
        return Results.Json(TaskJson.From(outcome.Task.Task), DocketJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    [Function(nameof(MoveTasks))]
    public async Task<IResult> MoveTasks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/tasks/move")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var (access, problem) = await authorizer.AuthorizeAsync(request, projectId, ProjectRequirement.Administer, cancellationToken);
        if (problem is not null) return problem;
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        var stageName = fields!.String("stageName", required: true);
        var project = access!.Project;
        if (stageName is not null && project.Workflow.Find(stageName) is null) fields.Fail("stageName", $"'{stageName}' is not a stage of this project");
        var selected = await TaskSelection.ReadAsync(fields, project, tasks, cancellationToken);
        foreach (var moving in selected.Where(s => s.Task?.Task.PendingMove is not null))
            fields.Fail(moving.Field, "the task is already moving to another stage");
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var moved = new List<object>();
        foreach (var (taskId, _, read) in selected)
        {
            var outcome = await updater.UpdateAsync(project, taskId, _ => null,
                task => TaskTransitions.Send(task, stageName!, access.Caller.Email, StageMoves.NewMoveId(), clock.GetUtcNow()), cancellationToken, read);
            if (outcome.Task is null) continue;
            await moves.SendAsync(project.ProjectId, outcome.Task.Task, cancellationToken);
            moved.Add(new { taskId, name = outcome.Task.Task.Name, fromStage = outcome.Task.Task.StageName, toStage = stageName });
        }
        return Results.Json(moved, DocketJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    [Function(nameof(MoveTask))]
    public Task MoveTask(
        [QueueTrigger(DocketQueues.TaskMoves, Connection = DocketSettings.StorageConnection)] TaskMoveMessage message,
        CancellationToken cancellationToken) =>
        moves.ApplyAsync(message, cancellationToken);

    [Function(nameof(SweepPendingMoves))]
    public Task SweepPendingMoves([TimerTrigger("%" + DocketSettings.MoveSweepSchedule + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        moves.SweepAsync(cancellationToken);

    static IResult? DecisionProblem(Domain.Projects.Stage stage, ReviewDecision? decision) => (stage.Kind, decision) switch
    {
        (Domain.Projects.StageKind.Review, null) => Problems.Validation("review", "a review stage needs \"accept\" or \"reject\""),
        (Domain.Projects.StageKind.Label, not null) => Problems.Validation("review", "a Label stage takes no review decision"),
        (Domain.Projects.StageKind.GroundTruth, _) => Problems.Conflict("the task is in Ground Truth"),
        _ => null,
    };
}
