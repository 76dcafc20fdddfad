using Docket.Domain.Projects;
using Api = Docket.Contracts;

namespace Docket.Functions.Projects;

/// <summary>Projects and members as the API shows them.</summary>
public static class ProjectResponses
{
    public static Api.Project Project(Project project) => new(
        project.ProjectId,
        project.Name,
        project.Workflow.Stages.Select(stage =>
        {
            if (!stage.IsWorkStage) return new Api.ProjectStage(stage.Name, stage.Kind.ToString());
            var settings = project.SettingsOf(stage);
            return new Api.ProjectStage(stage.Name, stage.Kind.ToString(), settings.AutoAssign, settings.QueueSize,
                stage.Kind == StageKind.Review ? settings.ReviewPercent : null)
            { MaxSkipped = settings.MaxSkipped, SkipHoldMinutes = settings.SkipHoldMinutes };
        }).ToList(),
        project.IdleTimeoutMinutes,
        project.ShardCount,
        project.CreatedAt);

    public static Api.Member Member(Membership member, Workflow workflow) => new(
        member.Email,
        member.Role.ToString(),
        workflow.WorkStages.Select(s => s.Name).Where(member.HasStageAccess).ToList(),
        member.LastActiveAt);
}
