using System.Text.Json;
using Docket.Domain.Access;
using Docket.Domain.Identity;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Domain.Validation;
using Docket.Functions.Http;
using Docket.Functions.Projects;
using Docket.Functions.Tasks;
using Docket.Storage.Projects;
using Docket.Storage.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Docket.Functions.Assignment;

/// <summary>Getting work (next, my queue) and handing it out by hand or by program (assign, priority).</summary>
public sealed class AssignmentFunctions(
    WorkQueues queues, TaskStore tasks, TaskUpdater updater, MemberStore members, ProjectAuthorizer authorizer, TimeProvider clock)
{
    [Function(nameof(NextTask))]
    public async Task<IResult> NextTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/stages/{stageName}/next")] HttpRequest request,
        string projectId, string stageName, CancellationToken cancellationToken)
    {
        var (access, problem) = await authorizer.AuthorizeAsync(request, projectId, ProjectRequirement.View, cancellationToken);
        if (problem is not null) return problem;
        var (stage, stageProblem) = WorkStage(access!, stageName);
        if (stageProblem is not null) return stageProblem;
        if (!access!.HasStageAccess(stage!.Name)) return Problems.Forbidden($"You have no access to stage '{stage.Name}'.");

        var head = await queues.NextAsync(access.Project, stage, access.Caller.Email, cancellationToken);
        return head is null ? Results.NoContent() : Results.Json(TaskJson.From(head), DocketJson.Options);
    }

    [Function(nameof(GetQueue))]
    public async Task<IResult> GetQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/stages/{stageName}/queue")] HttpRequest request,
        string projectId, string stageName, CancellationToken cancellationToken)
    {
        var (access, problem) = await authorizer.AuthorizeAsync(request, projectId, ProjectRequirement.View, cancellationToken);
        if (problem is not null) return problem;
        var (stage, stageProblem) = WorkStage(access!, stageName);
        if (stageProblem is not null) return stageProblem;

        var email = access!.Caller.Email;
        if (request.Query["assignee"].ToString() is { Length: > 0 } other)
        {
            if (!EmailAddress.TryNormalize(other, out var normalized)) return Problems.Validation("assignee", "is not a valid email address");
            if (normalized != email && !access.CanManageTasks) return Problems.Forbidden("Only admins and managers see other people's queues.");
            email = normalized;
        }
        var queue = await queues.ListAsync(access.Project, stage!, email, cancellationToken);
        return Results.Json(new { stageName = stage!.Name, assignee = email, tasks = queue.Select(TaskJson.From) }, DocketJson.Options);
    }

    [Function(nameof(AssignTasks))]
    public async Task<IResult> AssignTasks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/tasks/assign")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var (access, problem) = await authorizer.AuthorizeAsync(request, projectId, ProjectRequirement.ManageTasks, cancellationToken);
        if (problem is not null) return problem;
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (bodyProblem is not null) return bodyProblem;

        string? email = null;
        if (fields!.String("email") is { } emailText && !EmailAddress.TryNormalize(emailText, out email!))
            fields.Fail("email", "is not a valid email address");
        var project = access!.Project;
        var membership = email is null ? null : await members.GetAsync(project.ProjectId, email, cancellationToken);
        if (email is not null && membership is null) fields.Fail("email", $"'{email}' is not a member of the project");
        var selected = await TaskSelection.ReadAsync(fields, project, tasks, cancellationToken);
        foreach (var (_, field, task) in selected.Where(s => s.Task is not null))
        {
            if (project.Workflow.Find(task!.Task.StageName)!.IsTerminal) fields.Fail(field, "the task is in Ground Truth");
            else if (membership is not null && !membership.HasStageAccess(task.Task.StageName))
                fields.Fail(field, $"'{email}' has no access to stage '{task.Task.StageName}'");
        }
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var outcomes = await ForEachAsync(selected, (item, ct) => updater.UpdateAsync(project, item.TaskId, _ => null,
            task => project.Workflow.Find(task.StageName)!.IsTerminal || (membership is not null && !membership.HasStageAccess(task.StageName))
                ? TaskChange.Refused("the task moved to a stage the assignee cannot work in")
                : TaskTransitions.AssignManually(task, email, access.Caller.Email, clock.GetUtcNow()), ct, item.Task), cancellationToken);
        return Results.Json(outcomes.Where(o => o.Task is not null).Select(o => new { taskId = o.Task!.Task.TaskId, name = o.Task.Task.Name, stageName = o.Task.Task.StageName }),
            DocketJson.Options);
    }

    [Function(nameof(SetPriorities))]
    public async Task<IResult> SetPriorities(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/tasks/priority")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var (access, problem) = await authorizer.AuthorizeAsync(request, projectId, ProjectRequirement.ManageTasks, cancellationToken);
        if (problem is not null) return problem;
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (bodyProblem is not null) return bodyProblem;

        var changes = new List<(string TaskId, Priority? Priority)>();
        if (fields!.Raw("tasks") is not { ValueKind: JsonValueKind.Array } list) fields.Fail("tasks", "must be a list of {taskId, priority}");
        else if (list.GetArrayLength() is 0 or > TaskSelection.MaxTasksPerCall) fields.Fail("tasks", $"must list between 1 and {TaskSelection.MaxTasksPerCall} tasks");
        else
        {
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var read = ReadPriorityChange(item, index++, fields);
                if (read is not null) changes.Add(read.Value);
            }
        }
        var duplicates = changes.GroupBy(c => c.TaskId).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var duplicate in duplicates) fields.Fail("tasks", $"task '{duplicate}' is listed more than once");
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var project = access!.Project;
        var current = await tasks.GetManyAsync(project, changes.Select(c => c.TaskId).ToList(), cancellationToken);
        for (var i = 0; i < changes.Count; i++)
            if (current[i] is null || !access.CanSeeTask(current[i]!.Task.Assignee)) fields.Fail($"tasks[{i}].taskId", $"no task '{changes[i].TaskId}'");
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        // Tasks of one shard change together, up to 20 to a batch transaction; a batch that loses a race to another
        // writer is redone task by task, each re-read and re-decided.
        var now = clock.GetUtcNow();
        var decided = changes.Zip(current, (change, task) => (Change: TaskTransitions.ChangePriority(task!.Task, change.Priority, access.Caller.Email, now), Current: task!)).ToList();
        var results = new System.Collections.Concurrent.ConcurrentBag<StoredTask>(decided.Where(d => d.Change.Events.Count == 0).Select(d => d.Current));
        var batches = decided.Where(d => d.Change.Events.Count > 0)
            .GroupBy(d => TaskIdentity.ShardOf(d.Current.Task.TaskId, project.ShardCount))
            .SelectMany(shard => shard.Chunk(20));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            var written = await tasks.TryUpdateManyAsync(project, batch.Select(d => (d.Current, d.Change.Task!, d.Change.Events)).ToList(), ct);
            if (written is not null)
            {
                foreach (var task in written) results.Add(task);
                return;
            }
            foreach (var (change, stored) in batch)
            {
                var priority = change.Task!.Priority;
                var outcome = await updater.UpdateAsync(project, stored.Task.TaskId, _ => null,
                    task => TaskTransitions.ChangePriority(task, priority, access.Caller.Email, clock.GetUtcNow()), ct);
                if (outcome.Task is not null) results.Add(outcome.Task);
            }
        });
        return Results.Json(results.OrderBy(t => t.Task.Name, StringComparer.Ordinal).Select(t => new
        {
            taskId = t.Task.TaskId, name = t.Task.Name, priority = TaskJson.From(t.Task)["priority"],
        }), DocketJson.Options);
    }

    static (string TaskId, Priority? Priority)? ReadPriorityChange(JsonElement item, int index, FieldReader fields)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            fields.Fail($"tasks[{index}]", "must be an object {taskId, priority}");
            return null;
        }
        string? taskId = null;
        if (!item.TryGetProperty("taskId", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 })
            fields.Fail($"tasks[{index}].taskId", "is required");
        else taskId = id.GetString();

        Priority? priority = null;
        if (!item.TryGetProperty("priority", out var value))
            fields.Fail($"tasks[{index}].priority", "is required (null clears it)");
        else if (value.ValueKind == JsonValueKind.Number)
        {
            // The number's own text, so 0.123456789 is read exactly and 1e-10 is refused, never rounded.
            if (!Priority.TryParse(value.GetRawText(), out var parsed, out var error)) fields.Fail($"tasks[{index}].priority", error!);
            else priority = parsed;
        }
        else if (value.ValueKind != JsonValueKind.Null)
            fields.Fail($"tasks[{index}].priority", "must be a number between 0 and 1, or null");
        return taskId is null ? null : (taskId, priority);
    }

    static (Stage? Stage, IResult? Problem) WorkStage(ProjectAccess access, string stageName)
    {
        var stage = access.Project.Workflow.Find(stageName);
        if (stage is null) return (null, Problems.NotFound($"Stage '{stageName}' was not found."));
        if (stage.IsTerminal) return (null, Problems.Validation("stageName", "nobody works in Ground Truth"));
        return (stage, null);
    }

    static async Task<List<TaskUpdater.Outcome>> ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task<TaskUpdater.Outcome>> update, CancellationToken cancellationToken)
    {
        var outcomes = new List<TaskUpdater.Outcome>();
        var gate = new object();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var outcome = await update(item, ct);
            lock (gate) outcomes.Add(outcome);
        });
        return outcomes;
    }
}
