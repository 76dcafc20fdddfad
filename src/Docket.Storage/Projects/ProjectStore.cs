using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Docket.Application.Configuration;
using Docket.Application.Ports;
using Docket.Domain.Projects;
using Docket.Storage.Caching;

namespace Docket.Storage.Projects;

/// <summary>
/// Projects, one row each in a single partition (there are few projects, and listing them is one query).
/// </summary>
public sealed class ProjectStore(DocketTables tables, TimeProvider clock) : IProjectStore
{
    const string Partition = "project";
    readonly ShortLivedCache<string, Project> recent = new(clock, TimeSpan.FromSeconds(5));
    static readonly JsonSerializerOptions Json = StoredJson.Options;

    /// <returns>False when a project with that id exists already (made by another request).</returns>
    /// <remarks>
    /// The row carries the id of the write that created it: when the reply is lost and the SDK's retry meets the row,
    /// the creator recognises its own project instead of answering itself "already exists".
    /// </remarks>
    public async Task<bool> TryCreateAsync(Project project, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var creationId = Guid.NewGuid().ToString("N");
        var entity = ToEntity(project);
        entity[CreationIdProperty] = creationId;
        try
        {
            await tables.Projects.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var found = await tables.Projects.GetEntityIfExistsAsync<TableEntity>(Partition, project.ProjectId,
                select: [CreationIdProperty], cancellationToken: cancellationToken);
            return found.HasValue && found.Value!.GetString(CreationIdProperty) == creationId;
        }
    }

    const string CreationIdProperty = "CreationId";

    /// <summary>The project as read within the last few seconds: for the per-request access check.</summary>
    public Task<Project?> GetRecentAsync(string projectId, CancellationToken cancellationToken) =>
        recent.GetOrLoadAsync(projectId, () => GetAsync(projectId, cancellationToken));

    public async Task<Project?> GetAsync(string projectId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Projects.GetEntityIfExistsAsync<TableEntity>(Partition, projectId,
            cancellationToken: cancellationToken);
        return found.HasValue ? ToProject(found.Value!) : null;
    }

    public async Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var projects = new List<Project>();
        await foreach (var entity in tables.Projects.QueryAsync<TableEntity>(e => e.PartitionKey == Partition,
            cancellationToken: cancellationToken))
            projects.Add(ToProject(entity));
        return projects;
    }

    /// <summary>
    /// Replaces one stage's settings; the row's ETag guards against a concurrent edit of another stage.
    /// </summary>
    public Task<Project?> UpdateStageSettingsAsync(string projectId, string stageName,
        Func<StageSettings, StageSettings> change, CancellationToken cancellationToken) =>
        UpdateAsync(projectId, project =>
        {
            var settings = project.StageSettings.ToDictionary();
            settings[stageName] = change(project.SettingsOf(project.Workflow.Find(stageName)!));
            return project with { StageSettings = settings };
        }, cancellationToken);

    /// <summary>
    /// Applies a change to the project as it is now; the row's ETag guards against a concurrent edit, which is
    /// then read again and the change applied on top of it.
    /// </summary>
    /// <returns>The project as changed, or null when there is no such project.</returns>
    public async Task<Project?> UpdateAsync(string projectId, Func<Project, Project> change,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        while (true)
        {
            var found = await tables.Projects.GetEntityIfExistsAsync<TableEntity>(Partition, projectId,
                cancellationToken: cancellationToken);
            if (!found.HasValue) return null;
            var updated = change(ToProject(found.Value!));
            try
            {
                await tables.Projects.UpdateEntityAsync(ToEntity(updated), found.Value!.ETag, TableUpdateMode.Replace,
                    cancellationToken);
                recent.Set(projectId, updated);
                return updated;
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                // Someone else changed the project meanwhile: apply this change on top of theirs.
            }
        }
    }

    static TableEntity ToEntity(Project project) => new(Partition, project.ProjectId)
    {
        ["Name"] = project.Name,
        ["ReviewStages"] = project.Workflow.ReviewStageCount,
        ["ShardCount"] = project.ShardCount,
        ["IdleTimeoutMinutes"] = project.IdleTimeoutMinutes,
        ["StageSettings"] = JsonSerializer.Serialize(project.StageSettings, Json),
        ["CreatedAt"] = project.CreatedAt,
    };

    static Project ToProject(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("Name"),
        Workflow.WithReviewStages(entity.GetInt32("ReviewStages") ?? 0),
        JsonSerializer.Deserialize<Dictionary<string, StageSettings>>(entity.GetString("StageSettings") ?? "{}", Json)
            ?? [],
        entity.GetInt32("IdleTimeoutMinutes") ?? Project.DefaultIdleTimeoutMinutes,
        entity.GetInt32("ShardCount") ?? Project.DefaultShardCount,
        entity.GetDateTimeOffset("CreatedAt") ?? default);
}
