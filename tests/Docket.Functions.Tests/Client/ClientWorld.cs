using Docket.Application.StageMoves;
using Docket.Application.Tasks;
using Docket.Client;
using Docket.Contracts;
using Docket.Domain.Tasks;
using Docket.Functions.Tests.Infrastructure;
using Docket.Storage.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Client;

/// <summary>
/// A project with a Label and a Review_1 stage, built through Docket.Client: the org admin, lena (Label) and rami
/// (Review_1), as the sample items files expect.
/// </summary>
public sealed record ClientWorld(RunningHost Host, string ProjectId, DocketClient Admin, DocketClient Lena,
    DocketClient Rami)
{
    public const string LenaEmail = "lena@example.com";
    public const string RamiEmail = "rami@example.com";

    /// <param name="host">The shared host by default.</param>
    public static async Task<ClientWorld> CreateAsync(string prefix, CreateProjectRequest? project = null,
        RunningHost? host = null)
    {
        host ??= await DocketHost.SharedAsync();
        var admin = TestClients.Create(host, DocketHost.AdminKey);
        var projectId = Scenario.UniqueId(prefix);
        await admin.CreateProjectAsync((project ?? new CreateProjectRequest(projectId, "Client " + projectId,
            1)) with
        { ProjectId = projectId });
        var lena = await MemberAsync(admin, host, projectId, LenaEmail, "Label");
        var rami = await MemberAsync(admin, host, projectId, RamiEmail, "Review_1");
        return new ClientWorld(host, projectId, admin, lena, rami);
    }

    static async Task<DocketClient> MemberAsync(DocketClient admin, RunningHost host, string projectId, string email,
        string stage)
    {
        await admin.PutUserAsync(email);
        var key = await admin.CreateApiKeyAsync(email);
        await admin.PutMemberAsync(projectId, email, new PutMemberRequest(ProjectRole.Member) { Stages = [stage] });
        return TestClients.Create(host, key.Key);
    }

    public async Task<UploadResult> UploadSampleAsync() =>
        await Admin.UploadItemsAsync(ProjectId, System.Text.Encoding.UTF8.GetBytes(TestData.Read("items-small.json")));

    /// <summary>
    /// Decides a move to a stage the project does not have, without sending it: it stays pending, and the task
    /// refuses every other change until an admin cancels it.
    /// </summary>
    public async Task StartMoveThatNeverAppliesAsync(string taskId)
    {
        var project = (await Host.Services.GetRequiredService<ProjectStore>().GetAsync(ProjectId,
            CancellationToken.None))!;
        var outcome = await Host.Services.GetRequiredService<TaskUpdater>().UpdateAsync(project, taskId,
            task => TaskTransitions.Send(task, "Nowhere", DocketHost.AdminEmail, StageMoveService.NewMoveId(),
                DateTimeOffset.UtcNow),
            cancellationToken: CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
    }
}
