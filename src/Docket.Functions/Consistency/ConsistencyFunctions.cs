using Docket.Application.Consistency;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.Consistency;

/// <summary>
/// The consistency check of one project's rows, and its safe repairs (see <see cref="ProjectChecks"/>).
/// </summary>
public sealed class ConsistencyFunctions(ProjectChecks checks)
{
    [Operation("Projects",
        "Verify the project's storage invariants (every task in exactly one place, index, listing, queue, counter, " +
            "event and person rows). Changes nothing; a `repair` parameter is refused (400): repairs are POST " +
            "…/check/repair.",
        Refuses = [409])]
    [Answers(200, "The report: what was found, and what was repaired.", Body = typeof(Api.ProjectCheck))]
    [QueryParameter("fromShard",
        "Go on from this shard (a previous report's nextShard).",
        Schema = """{"type":"integer","minimum":0}""")]
    [Function(nameof(CheckProject))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> CheckProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/check")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        // A GET changes nothing: repairs have a route of their own.
        if (request.Query.ContainsKey("repair"))
            return Problems.Validation("repair", $"repairs are POST /api/projects/{projectId}/check/repair");
        return await RunAsync(request, repair: false, cancellationToken);
    }

    [Operation("Projects",
        "The consistency check, then the safe repairs: re-create missing rows from their task, delete orphans past " +
            "the grace period, rewrite person rows, index tasks not yet indexed. Never changes a task row; safe to " +
            "repeat.",
        Refuses = [409])]
    [Answers(200, "The report: what was found, and what was repaired.", Body = typeof(Api.ProjectCheck))]
    [QueryParameter("fromShard",
        "Go on from this shard (a previous report's nextShard).",
        Schema = """{"type":"integer","minimum":0}""")]
    [Function(nameof(RepairProject))]
    [RequiresProject(ProjectRequirement.Administer)]
    public Task<IResult> RepairProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/check/repair")]
        HttpRequest request,
        string projectId, CancellationToken cancellationToken) =>
        RunAsync(request, repair: true, cancellationToken);

    async Task<IResult> RunAsync(HttpRequest request, bool repair, CancellationToken cancellationToken)
    {
        var project = request.ProjectAccess().Project;
        var fromShard = 0;
        if (request.Query["fromShard"].ToString() is { Length: > 0 } fromText
            && (!int.TryParse(fromText, out fromShard) || fromShard < 0 || fromShard >= project.ShardCount))
            return Problems.Validation("fromShard", $"must be a shard of the project, 0 to {project.ShardCount - 1}");
        return await checks.RunAsync(project, repair, fromShard, cancellationToken) switch
        {
            CheckOutcome.Done(var report) => Results.Json(ToContract(report), DocketJson.Options),
            CheckOutcome.Busy(var running) => Problems.Conflict(
                $"A check of project '{project.ProjectId}' is running; try again when it is done.",
                Api.ProblemCodes.CheckRunning, new Dictionary<string, object?> { ["checkId"] = running }),
            _ => throw new InvalidOperationException("Unknown check outcome."),
        };
    }

    static Api.ProjectCheck ToContract(ConsistencyReport report) => new(report.ProjectId, report.CheckedAt,
        report.Tasks, report.Counts.Select(c => new Api.TaskCount(c.Stage, c.Status, c.Tasks)).ToList(),
        report.PendingMoves,
        report.Problems.Select(p => new Api.CheckProblem(p.Invariant, p.TaskId, p.Row, p.Detail, p.Repaired))
            .ToList(),
        report.ProblemCount, report.RepairedCount, report.NextShard);
}
