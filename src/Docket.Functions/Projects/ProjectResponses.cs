using Docket.Domain.Projects;

namespace Docket.Functions.Projects;

/// <summary>The JSON shapes of projects and members.</summary>
public static class ProjectResponses
{
    public static object Project(Project project) => new
    {
        projectId = project.ProjectId,
        name = project.Name,
        stages = project.Workflow.Stages.Select(stage =>
        {
            if (stage.IsTerminal) return (object)new { name = stage.Name, kind = stage.Kind.ToString() };
            var settings = project.SettingsOf(stage);
            return stage.Kind == StageKind.Review
                ? new
                {
                    name = stage.Name,
                    kind = stage.Kind.ToString(),
                    settings.AutoAssign,
                    settings.QueueSize,
                    settings.ReviewPercent
                }
                : new { name = stage.Name, kind = stage.Kind.ToString(), settings.AutoAssign, settings.QueueSize };
        }),
        idleTimeoutMinutes = project.IdleTimeoutMinutes,
        shardCount = project.ShardCount,
        createdAt = project.CreatedAt,
    };

    public static object Member(Membership member, Workflow workflow) => new
    {
        email = member.Email,
        role = member.Role.ToString(),
        stages = workflow.WorkStages.Select(s => s.Name).Where(member.HasStageAccess).ToList(),
        lastActiveAt = member.LastActiveAt,
    };
}
