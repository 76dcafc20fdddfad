using System.Text.Json;
using Docket.Application.Assignment;
using Docket.Application.Projects;
using Docket.Application.Tasks;
using Docket.Domain.Access;
using Docket.Domain.Identity;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Domain.Validation;
using Docket.Functions.Tasks;
using Api = Docket.Contracts;
using Docket.Functions.OpenApi;

namespace Docket.Functions.Assignment;

/// <summary>Getting work (next, my queue) and handing it out by hand or by program (assign, priority).</summary>
public sealed class AssignmentFunctions(WorkQueues queues, TaskAssignments assignments, TaskQueries tasks,
    MemberService members)
{
    [Operation("Work", "The head of the caller's queue in the stage, after topping it up.")]
    [Answers(200, "The task to work on.", Body = typeof(Api.DocketTask))]
    [Answers(204, "No work left for the caller in this stage.")]
    [Function(nameof(NextTask))]
    [RequiresProject(ProjectRequirement.View, WorkStage = "stageName", StageAccess = true)]
    public async Task<IResult> NextTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/stages/{stageName}/next")] HttpRequest request,
        string projectId, string stageName, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        return NextResult(await queues.NextAsync(access.Project, request.WorkStage(), access.Caller.Email,
            cancellationToken));
    }

    /// <summary>The Label and Review buttons: the best task of any stage of that kind the caller works in.</summary>
    [Operation("Work", "The caller's next task from any stage of a kind they work in.", Refuses = [403])]
    [Answers(200, "The task to work on.", Body = typeof(Api.DocketTask))]
    [Answers(204, "No work left.")]
    [QueryParameter("kind",
        "Label or Review: the stages people work in.",
        Schema = """{"type":"string","enum":["Label","Review"]}""",
        Required = true)]
    [Function(nameof(NextTaskOfKind))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> NextTaskOfKind(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/next")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        if (StageKindOf(request) is not { } kind) return KindProblem();
        var stages = access.Project.Workflow.WorkStages
            .Where(s => s.Kind == kind && access.HasStageAccess(s.Name)).ToList();
        if (stages.Count == 0) return Problems.Forbidden($"You have no access to a {kind} stage.");
        return NextResult(await queues.NextAsync(access.Project, stages, access.Caller.Email, cancellationToken));
    }

    /// <summary>
    /// The caller's (or, for admins and managers, someone's) queues in every stage of one kind, stage by stage.
    /// </summary>
    [Operation("Work", "A person's queue across the stages of a kind.", Refuses = [403])]
    [Answers(200, "One page of the queue.", Body = typeof(Api.QueuePage))]
    [QueryParameter("kind",
        "Label or Review: the stages people work in.",
        Schema = """{"type":"string","enum":["Label","Review"]}""",
        Required = true)]
    [QueryParameter("assignee", "Someone else's queue (project admins and managers).")]
    [QueryParameter("limit",
        "Tasks per page.",
        Schema = """{"type":"integer","minimum":1,"maximum":500,"default":50}""")]
    [QueryParameter("cursor", "The nextCursor of the previous page (opaque, signed; 400 if altered).")]
    [Function(nameof(GetQueueOfKind))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> GetQueueOfKind(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/queue")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        if (StageKindOf(request) is not { } kind) return KindProblem();
        var stages = request.ProjectAccess().Project.Workflow.WorkStages.Where(s => s.Kind == kind).ToList();
        return await QueuePageAsync(request, stages, (email, queue, next) =>
            new Api.QueuePage(null, kind.ToString(), email, queue.Select(TaskResponses.From).ToList(), next),
            cancellationToken);
    }

    [Operation("Work", "A person's queue in the stage, in work order.", Refuses = [403])]
    [Answers(200, "The queue.", Body = typeof(Api.QueuePage))]
    [QueryParameter("assignee", "Someone else's queue (project admins and managers).")]
    [QueryParameter("limit",
        "Tasks per page.",
        Schema = """{"type":"integer","minimum":1,"maximum":500,"default":50}""")]
    [QueryParameter("cursor", "nextCursor of the previous page.")]
    [Function(nameof(GetQueue))]
    [RequiresProject(ProjectRequirement.View, WorkStage = "stageName")]
    public async Task<IResult> GetQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get",
            Route = "projects/{projectId}/stages/{stageName}/queue")] HttpRequest request,
        string projectId, string stageName, CancellationToken cancellationToken)
    {
        var stage = request.WorkStage();
        return await QueuePageAsync(request, [stage], (email, queue, next) =>
            new Api.QueuePage(stage.Name, null, email, queue.Select(TaskResponses.From).ToList(), next),
            cancellationToken);
    }

    [Operation("Tasks",
        "Assign, reassign or unassign tasks. All-or-nothing validation: an unknown task, a non-member or a stage the " +
            "person cannot work in refuses the whole request.",
        Body = typeof(Api.AssignRequest))]
    [Answers(200, "The tasks, each in its stage.", Body = typeof(IReadOnlyList<Api.AssignOutcome>))]
    [Answers(207,
        "Some task was refused or failed: each task carries its outcome and error.",
        Body = typeof(IReadOnlyList<Api.AssignOutcome>))]
    [Function(nameof(AssignTasks))]
    [RequiresProject(ProjectRequirement.ManageTasks)]
    public async Task<IResult> AssignTasks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/assign")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken);
        if (bodyProblem is not null) return bodyProblem;

        var body = BulkRequests.Assign(fields);
        var email = body.Email;
        var project = access.Project;
        var membership = email is null ? null : await members.GetAsync(project.ProjectId, email, cancellationToken);
        if (email is not null && membership is null) fields.Fail("email", $"'{email}' is not a member of the project");
        var selected = await TaskSelection.ReadAsync(body.TaskIds, fields, project, tasks, cancellationToken);
        foreach (var (_, field, task) in selected.Where(s => s.Task is not null))
        {
            if (!project.Workflow.Find(task!.Task.StageName)!.IsWorkStage)
                fields.Fail(field, Stage.TaskInGroundTruth);
            else if (membership is not null && !membership.HasStageAccess(task.Task.StageName))
                fields.Fail(field, $"'{email}' has no access to stage '{task.Task.StageName}'");
        }
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var outcomes = await assignments.AssignAsync(project, access.Caller.Email,
            selected.Select(s => s.Task!).ToList(), email, membership, cancellationToken);
        var byTask = outcomes.ToDictionary(o => o.TaskId, o => o.Outcome);
        return BulkResults.Json(selected.Select(s =>
        {
            var outcome = byTask[s.TaskId];
            var task = outcome.Task?.Task ?? s.Task!.Task;
            return new Api.AssignOutcome(s.TaskId, task.Name, task.StageName, TaskOutcomes.Word(outcome),
                BulkResults.ErrorOf(outcome));
        }).ToList(), StatusCodes.Status200OK);
    }

    [Operation("Tasks", "Set or clear priorities, up to 1,000 tasks.", Body = typeof(Api.PriorityRequest))]
    [Answers(200, "The tasks with their priority, by name.", Body = typeof(IReadOnlyList<Api.PriorityOutcome>))]
    [Answers(207,
        "Some task was refused or failed: each task carries its outcome and error.",
        Body = typeof(IReadOnlyList<Api.PriorityOutcome>))]
    [Function(nameof(SetPriorities))]
    [RequiresProject(ProjectRequirement.ManageTasks)]
    public async Task<IResult> SetPriorities(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/priority")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken);
        if (bodyProblem is not null) return bodyProblem;

        var changes = BulkRequests.Priority(fields).Tasks;
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var project = access.Project;
        var current = await tasks.GetManyAsync(project, changes.Select(c => c.TaskId).ToList(), cancellationToken);
        for (var i = 0; i < changes.Count; i++)
            if (current[i] is null || !access.CanSeeTask(current[i]!.Task.Assignee))
                fields.Fail($"tasks[{i}].taskId", $"no task '{changes[i].TaskId}'");
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var outcomes = (await assignments.SetPrioritiesAsync(project, access.Caller.Email,
                changes.Select((c, i) => (current[i]!, c.ToDomain())).ToList(), cancellationToken))
            .ToDictionary(o => o.TaskId, o => o.Outcome);
        return BulkResults.Json(changes.Select((c, i) =>
        {
            var outcome = outcomes[c.TaskId];
            var task = outcome.Task?.Task ?? current[i]!.Task;
            return new Api.PriorityOutcome(c.TaskId, task.Name, task.Priority?.ToDecimal(), TaskOutcomes.Word(outcome),
                BulkResults.ErrorOf(outcome));
        }).ToList(), StatusCodes.Status200OK);
    }

    /// <summary>
    /// Whose queue a request reads: the caller's, or with <c>?assignee=</c> someone's (admins and managers only).
    /// </summary>
    static IResult NextResult(AnnotationTask? head) =>
        head is null ? Results.NoContent() : Results.Json(TaskResponses.From(head), DocketJson.Options);

    /// <summary>
    /// A page of the queues of these stages: the caller's, or for admins and managers whose <c>assignee</c> names.
    /// </summary>
    /// <param name="answer">The page's JSON from the queue's owner, its tasks and the next cursor.</param>
    async Task<IResult> QueuePageAsync(HttpRequest request, IReadOnlyList<Stage> stages,
        Func<string, IReadOnlyList<AnnotationTask>, string?, Api.QueuePage> answer, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var (email, problem) = QueueOwner(request, access);
        if (problem is not null) return problem;
        var errors = new List<ValidationError>();
        var (limit, cursor) = DataPageQuery.ReadPage(request.Query, errors);
        if (errors.Count > 0) return Problems.Validation(errors);
        if (await queues.ListAsync(access.Project, stages, email, limit, cursor, cancellationToken)
            is not var (queue, next))
            return Problems.Validation("cursor", "is not a cursor this queue returned");
        return Results.Json(answer(email, queue, next), DocketJson.Options);
    }

    static (string Email, IResult? Problem) QueueOwner(HttpRequest request, ProjectAccess access)
    {
        var email = access.Caller.Email;
        if (request.Query["assignee"].ToString() is not { Length: > 0 } other) return (email, null);
        if (!EmailAddress.TryNormalize(other, out var normalized))
            return (email, Problems.Validation("assignee", "is not a valid email address"));
        if (normalized != email && !access.CanManageTasks)
            return (email, Problems.Forbidden("Only admins and managers see other people's queues."));
        return (normalized, null);
    }

    /// <summary>The <c>kind</c> query parameter: Label or Review (the stages people work in).</summary>
    static StageKind? StageKindOf(HttpRequest request) => request.Query["kind"].ToString() switch
    {
        "Label" => StageKind.Label,
        "Review" => StageKind.Review,
        _ => null,
    };

    static IResult KindProblem() => Problems.Validation("kind", "must be \"Label\" or \"Review\"");
}
