using Docket.Application.Consistency;
using Docket.Application.Configuration;
using Docket.Application.Ports;
using Api = Docket.Contracts;
using Docket.Functions.OpenApi;

namespace Docket.Functions.Consistency;

/// <summary>
/// The consistency check of one project's rows, and its safe repairs (see <see cref="IConsistencyAudit"/>).
/// </summary>
public sealed class ConsistencyFunctions(IConsistencyAudit check, IJobLeases leases, TimeProvider clock)
{
    /// <summary>
    /// A check reads every row of the project: it gets more storage time than an ordinary request, within the 230 s
    /// Azure gives an HTTP trigger to answer.
    /// </summary>
    static readonly TimeSpan CheckBudget = TimeSpan.FromMinutes(3);

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

    /// <summary>
    /// One check of a project at a time (it reads every row: two at once only double the load), held by a lease that
    /// outlasts the check's budget, so a check that died leaves no lock behind for long.
    /// </summary>
    async Task<IResult> RunAsync(HttpRequest request, bool repair, CancellationToken cancellationToken)
    {
        var project = request.ProjectAccess().Project;
        var fromShard = 0;
        if (request.Query["fromShard"].ToString() is { Length: > 0 } fromText
            && (!int.TryParse(fromText, out fromShard) || fromShard < 0 || fromShard >= project.ShardCount))
            return Problems.Validation("fromShard", $"must be a shard of the project, 0 to {project.ShardCount - 1}");
        var started = clock.GetUtcNow();
        RequestDeadline.Set(started + CheckBudget);
        var checkId = Guid.NewGuid().ToString("N");
        var (taken, lease) = await leases.TryTakeAsync(project.ProjectId, "check", checkId,
            CheckBudget + TimeSpan.FromSeconds(30), cancellationToken);
        if (!taken)
        {
            return Problems.Conflict($"A check of project '{project.ProjectId}' is running; try again when it is " +
                "done.", new Dictionary<string, object?> { ["checkId"] = lease.Id });
        }
        try
        {
            // Shards are begun during the first two thirds of the budget; the rest confirms what they showed.
            var report = await check.RunAsync(project, repair, cancellationToken, fromShard,
                started + CheckBudget * 2 / 3);
            return Results.Json(new Api.ProjectCheck(report.ProjectId, report.CheckedAt, report.Tasks,
                report.Counts.Select(c => new Api.TaskCount(c.Stage, c.Status, c.Tasks)).ToList(), report.PendingMoves,
                report.Problems.Select(p => new Api.CheckProblem(p.Invariant, p.TaskId, p.Row, p.Detail, p.Repaired))
                    .ToList(), report.ProblemCount, report.RepairedCount, report.NextShard), DocketJson.Options);
        }
        finally
        {
            await leases.ReleaseAsync(project.ProjectId, "check", checkId, CancellationToken.None);
        }
    }
}
