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
        var repairText = request.Query["repair"].ToString();
        if (repairText.Length > 0 && repairText is not ("true" or "false"))
            return Problems.Validation("repair", "must be true or false");
        RequestDeadline.Set(clock.GetUtcNow() + CheckBudget);
        var report = await check.RunAsync(request.ProjectAccess().Project, repairText == "true", cancellationToken);
        return Results.Json(report, DocketJson.Options);
    }
}
