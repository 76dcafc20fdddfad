using System.Net;
using Azure.Core;
using Docket.FaultHost;
using Docket.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Faults;

/// <summary>
/// Storage answering 503 is retried by the SDK and, when every try is refused, is a 503 for the caller — never a
/// 500 from reading the refusal's empty body as an answer.
/// </summary>
public sealed class RefusedStorageTests : IAsyncLifetime
{
    readonly StorageFaults faults = new();
    RunningHost host = null!;

    public async Task InitializeAsync() =>
        host = await DocketHost.StartAsync(services: s => s.AddSingleton(faults.AsStoragePolicy()));

    public async Task DisposeAsync() => await host.DisposeAsync();

    static bool IsTaskRead(HttpMessage message) =>
        StorageFaults.IsTable(message, "Tasks") && message.Request.Method == RequestMethod.Get;

    static bool IsMessageSend(HttpMessage message) =>
        message.Request.Method == RequestMethod.Post &&
        message.Request.Uri.Path.EndsWith("/stage-moves/messages", StringComparison.Ordinal);

    [Fact]
    public async Task A_read_refused_once_is_retried_and_the_request_succeeds()
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("refused");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a")]);

        faults.Add(IsTaskRead, StorageFault.Refuse);
        var path = $"api/projects/{projectId}/tasks/{ids["a"]}";
        using var response = await scenario.OrgAdmin.WithoutRetries().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, faults.Injected);
    }

    [Fact]
    public async Task A_stage_move_whose_message_is_refused_on_every_try_answers_503_and_a_retry_moves_the_task()
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("refused-send");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var email = Scenario.UniqueEmail("labeler");
        var member = await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("a", null, new { Label = email })]);
        var task = $"api/projects/{projectId}/tasks/{ids["a"]}";

        faults.Add(IsMessageSend, StorageFault.Refuse, times: int.MaxValue);
        using var finalized = await member.WithoutRetries().PostAsync($"{task}/finalize");
        faults.Clear();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, finalized.StatusCode);
        Assert.NotNull(finalized.Headers.RetryAfter);
        // The decision is recorded; the move waits for a message, which an admin (or the sweep) sends again.
        Assert.NotNull((await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, task))!["pendingMove"]);
        await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"{task}/move/retry");
        await Eventually.HoldsAsync(() => scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, task),
            t => t!["stageName"]!.GetValue<string>() == "Ground Truth" && t["pendingMove"] is null,
            because: "the retried move happens");
    }
}
