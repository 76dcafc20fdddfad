using Docket.Application.Stats;
using Docket.Domain.Tasks;

namespace Docket.Functions.Stats;

/// <summary>The dashboard: counts per stage and status (and per person), without reading a task.</summary>
public sealed class StatsFunctions(ProjectStats stats)
{
    /// <summary>
    /// Admins and managers see everyone's counts (per person with <c>?by=assignee</c>); members their own.
    /// </summary>
    [Function(nameof(GetStats))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> GetStats(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/stats")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var by = request.Query["by"].ToString();
        if (by is not ("" or "assignee")) return Problems.Validation("by", "must be \"assignee\" or left out");
        var counts = await stats.ReadAsync(access.Project, byAssignee: by == "assignee" && access.CanManageTasks,
            onlyOf: access.CanManageTasks ? null : access.Caller.Email, cancellationToken);
        return Results.Json(new
        {
            projectId = access.Project.ProjectId,
            stages = counts.Stages.Select(Stage),
            assignees = counts.Assignees?.Select(a => new { email = a.Email, stages = a.Stages.Select(Stage) }),
        }, DocketJson.Options);
    }

    static object Stage(StageCounts stage) => new
    {
        stageName = stage.StageName,
        counts = stage.Counts.ToDictionary(c => c.Key.ToApi(), c => c.Value),
        total = stage.Total,
    };
}
