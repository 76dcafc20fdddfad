using Docket.Application.Ports;
using Docket.Domain.Identity;
using Docket.Domain.Projects;

namespace Docket.Application.Projects;

/// <summary>The settings a new project is created with; what is left null takes the default.</summary>
public sealed record NewProject(string ProjectId, string Name, int ReviewStages, bool? AutoAssign, int? QueueSize,
    int? IdleTimeoutMinutes, int? ShardCount);

/// <summary>A project of a person, with their role and the work stages they may take tasks from.</summary>
public sealed record MyProject(string ProjectId, ProjectRole Role, IReadOnlyList<string> Stages);

/// <summary>Projects: creating them, listing a person's, changing their settings.</summary>
public sealed class ProjectService(IProjectStore projects, IMemberStore members, TimeProvider clock)
{
    /// <summary>A week: an idle timeout beyond it would never release anything in practice.</summary>
    public const int MaxIdleTimeoutMinutes = 7 * 24 * 60;

    /// <returns>The project, or null when one with its id exists.</returns>
    public async Task<Project?> CreateAsync(NewProject request, CancellationToken cancellationToken)
    {
        var workflow = Workflow.WithReviewStages(request.ReviewStages);
        var settings = workflow.WorkStages.ToDictionary(s => s.Name,
            _ => new StageSettings(request.AutoAssign ?? true, request.QueueSize ?? StageSettings.DefaultQueueSize));
        var project = new Project(request.ProjectId, request.Name, workflow, settings,
            request.IdleTimeoutMinutes ?? Project.DefaultIdleTimeoutMinutes,
            request.ShardCount ?? Project.DefaultShardCount, clock.GetUtcNow());
        return await projects.TryCreateAsync(project, cancellationToken) ? project : null;
    }

    /// <summary>The projects the caller may see: every project for org admins, their memberships' otherwise.
    /// </summary>
    public async Task<IReadOnlyList<Project>> ListForAsync(Caller caller, CancellationToken cancellationToken)
    {
        var all = await projects.ListAsync(cancellationToken);
        if (caller.IsOrgAdmin) return all;
        var mine = (await members.ListProjectsOfAsync(caller.Email, cancellationToken)).Select(m => m.ProjectId)
            .ToHashSet();
        return all.Where(p => mine.Contains(p.ProjectId)).ToList();
    }

    /// <summary>
    /// The caller's projects with their role and work stages: org admins are Admin of every project.
    /// </summary>
    public async Task<IReadOnlyList<MyProject>> MyProjectsAsync(Caller caller, CancellationToken cancellationToken)
    {
        var all = await projects.ListAsync(cancellationToken);
        if (caller.IsOrgAdmin)
            return all.Select(p => new MyProject(p.ProjectId, ProjectRole.Admin,
                p.Workflow.WorkStages.Select(s => s.Name).ToList())).ToList();
        var workflows = all.ToDictionary(p => p.ProjectId, p => p.Workflow);
        return (await members.ListProjectsOfAsync(caller.Email, cancellationToken))
            .Where(m => workflows.ContainsKey(m.ProjectId))
            .Select(m => new MyProject(m.ProjectId, m.Role,
                workflows[m.ProjectId].WorkStages.Select(s => s.Name).Where(m.HasStageAccess).ToList()))
            .ToList();
    }

    /// <summary>Changes what is given (null: leave it); null when there is no such project.</summary>
    /// <param name="autoAssign">Sets automatic assignment in every work stage.</param>
    public Task<Project?> UpdateAsync(string projectId, string? name, int? idleTimeoutMinutes, bool? autoAssign,
        CancellationToken cancellationToken) =>
        projects.UpdateAsync(projectId, project => project with
        {
            Name = name ?? project.Name,
            IdleTimeoutMinutes = idleTimeoutMinutes ?? project.IdleTimeoutMinutes,
            StageSettings = autoAssign is { } on
                ? project.Workflow.WorkStages
                    .ToDictionary(s => s.Name, s => project.SettingsOf(s) with { AutoAssign = on })
                : project.StageSettings,
        }, cancellationToken);

    /// <summary>Changes a work stage's settings (null: leave it); null when there is no such project.</summary>
    public Task<Project?> UpdateStageAsync(string projectId, string stageName, bool? autoAssign, int? queueSize,
        decimal? reviewPercent, int? maxSkipped, int? skipHoldMinutes, CancellationToken cancellationToken) =>
        projects.UpdateStageSettingsAsync(projectId, stageName, settings => settings with
        {
            AutoAssign = autoAssign ?? settings.AutoAssign,
            QueueSize = queueSize ?? settings.QueueSize,
            ReviewPercent = reviewPercent ?? settings.ReviewPercent,
            MaxSkipped = maxSkipped ?? settings.MaxSkipped,
            SkipHoldMinutes = skipHoldMinutes ?? settings.SkipHoldMinutes,
        }, cancellationToken);
}
