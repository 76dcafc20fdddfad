using Docket.Application.Stats;
using Docket.Domain.Tasks;
using Api = Docket.Contracts;
using Docket.Functions.OpenApi;

namespace Docket.Functions.Stats;

/// <summary>The dashboard: counts per stage and status (and per person), without reading a task.</summary>
public sealed class StatsFunctions(ProjectStats stats)
{
    /// <summary>
    /// Admins and managers see everyone's counts (per person with <c>?by=assignee</c>); members their own.
    /// </summary>
    [Operation("Projects", "Task counts by stage and status (members: their own).")]
    [Answers(200, "The counts; absent statuses are 0.", Body = typeof(Api.ProjectStats))]
    [QueryParameter("by", "Also count by person.", Schema = """{"type":"string","enum":["assignee"]}""")]
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
        return Results.Json(new Api.ProjectStats(access.Project.ProjectId, counts.Stages.Select(Stage).ToList(),
            counts.Assignees?.Select(a => new Api.AssigneeCounts(a.Email, a.Stages.Select(Stage).ToList())).ToList()),
            DocketJson.Options);
    }

    static Api.StageCounts Stage(StageCounts stage) =>
        new(stage.StageName, stage.Counts.ToDictionary(c => c.Key.ToApi(), c => c.Value), stage.Total);
}
