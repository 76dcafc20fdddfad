using System.Net;
using Docket.Application.StageMoves;
using Docket.Application.Tasks;
using Docket.Domain.Tasks;
using Docket.FaultHost;
using Docket.Functions.Tests.Infrastructure;
using Docket.Storage.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Faults;

/// <summary>Bulk routes answer for every task asked for: what changed, what was refused and why, what failed.</summary>
public sealed class BulkOutcomeTests : IAsyncLifetime
{
    readonly StorageFaults faults = new();
    RunningHost host = null!;

    public async Task InitializeAsync() =>
        host = await DocketHost.StartAsync(services: s => s.AddSingleton(faults.AsStoragePolicy()));

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Bulk_assign_lists_every_task_with_its_outcome_and_answers_207_when_some_did_not_change()
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("bulk");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var email = Scenario.UniqueEmail("labeler");
        await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("fine"), Items.Entry("moving"), Items.Entry("failing")]);
        await StartMoveThatNeverAppliesAsync(projectId, ids["moving"]);

        faults.Add(message => StorageFaults.IsBatch(message) && StorageFaults.BodyContains(message, ids["failing"]),
            StorageFault.Refuse, int.MaxValue);
        using var response = await scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/tasks/assign",
            new { taskIds = new[] { ids["fine"], ids["moving"], ids["failing"] }, email });
        faults.Clear();

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var results = (await response.JsonAsync())!.AsArray();
        Assert.Equal([ids["fine"], ids["moving"], ids["failing"]],
            results.Select(r => r!["taskId"]!.GetValue<string>()));
        Assert.Equal(["changed", "refused", "failed"], results.Select(r => r!["outcome"]!.GetValue<string>()));
        Assert.Null(results[0]!["error"]);
        Assert.Contains("moving", results[1]!["error"]!.GetValue<string>());
        Assert.NotNull(results[2]!["error"]);
        Assert.All(results, r => Assert.Equal("Label", r!["stageName"]!.GetValue<string>()));

        // Asked again, the failed task changes and the one already assigned is unchanged: 200.
        var again = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/assign",
            new { taskIds = new[] { ids["fine"], ids["failing"] }, email }))!.AsArray();
        Assert.Equal(["unchanged", "changed"], again.Select(r => r!["outcome"]!.GetValue<string>()));
    }

    /// <summary>
    /// A move to a stage the project does not have stays pending: the task refuses every other change.
    /// </summary>
    async Task StartMoveThatNeverAppliesAsync(string projectId, string taskId)
    {
        var project = (await host.Services.GetRequiredService<ProjectStore>()
            .GetAsync(projectId, CancellationToken.None))!;
        var outcome = await host.Services.GetRequiredService<TaskUpdater>().UpdateAsync(project, taskId,
            task =>
                TaskTransitions.Send(task, "Nowhere", DocketHost.AdminEmail, StageMoveService.NewMoveId(),
                    DateTimeOffset.UtcNow),
            cancellationToken: CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
    }
}
