using Docket.Application.Consistency;
using Docket.Storage.Connection;

namespace Docket.Functions.Consistency;

/// <summary>
/// The consistency check of one project's rows, and its safe repairs (see <see cref="ConsistencyCheck"/>).
/// </summary>
public sealed class ConsistencyFunctions(ConsistencyCheck check, TimeProvider clock)
{
    /// <summary>
    /// A check reads every row of the project: it gets more storage time than an ordinary request, within the 230 s
    /// Azure gives an HTTP trigger to answer.
    /// </summary>
    static readonly TimeSpan CheckBudget = TimeSpan.FromMinutes(3);

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

    [Function(nameof(RepairProject))]
    [RequiresProject(ProjectRequirement.Administer)]
    public Task<IResult> RepairProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/check/repair")]
        HttpRequest request,
        string projectId, CancellationToken cancellationToken) =>
        RunAsync(request, repair: true, cancellationToken);

    async Task<IResult> RunAsync(HttpRequest request, bool repair, CancellationToken cancellationToken)
    {
        RequestDeadline.Set(clock.GetUtcNow() + CheckBudget);
        var report = await check.RunAsync(request.ProjectAccess().Project, repair, cancellationToken);
        return Results.Json(report, DocketJson.Options);
    }
}
