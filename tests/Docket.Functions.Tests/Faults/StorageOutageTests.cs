using System.Diagnostics;
using System.Net;
using Docket.FaultHost;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;
using Docket.Storage.Connection;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Faults;

/// <summary>
/// Storage that hangs or fails is the caller's to retry, never a hang or a 500: every route answers 503 with
/// Retry-After within its budget, and the host recovers by itself when storage does.
/// </summary>
public sealed class StorageOutageTests
{
    static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task While_storage_is_frozen_every_route_answers_503_with_retry_after_within_15_s_then_recovers()
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var host = await DocketHost.StartAsync(storageConnectionString: azurite.ConnectionString);
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("frozen");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var member = (await scenario.MemberAsync(projectId, Scenario.UniqueEmail("member"), "Member", ["Label"]))
            .WithoutRetries();
        var admin = scenario.OrgAdmin.WithoutRetries();
        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a"), Items.Entry("b")]);
        // A key no instance has verified yet: authenticating it needs storage.
        var fresh = (await scenario.MemberAsync(projectId, Scenario.UniqueEmail("fresh"), "Member", ["Label"]))
            .WithoutRetries();

        Signal(azurite.ProcessId, "STOP");
        try
        {
            var calls = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
            {
                ("GET me", () => member.GetAsync("api/me")),
                ("GET tasks", () => admin.GetAsync($"api/projects/{projectId}/tasks")),
                ("POST next", () => member.PostAsync($"api/projects/{projectId}/stages/Label/next")),
                ("GET project with a key not yet verified", () => fresh.GetAsync($"api/projects/{projectId}")),
            };
            var answers = await Task.WhenAll(calls.Select(async call =>
            {
                var stopwatch = Stopwatch.StartNew();
                using var response = await call.Send();
                return (call.Name, response.StatusCode, RetryAfter: response.Headers.RetryAfter,
                    Media: response.Content.Headers.ContentType?.MediaType,
                    stopwatch.Elapsed);
            }));
            foreach (var answer in answers)
            {
                Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable,
                    $"{answer.Name}: {(int)answer.StatusCode}");
                Assert.True(answer.RetryAfter is not null, $"{answer.Name}: no Retry-After");
                Assert.Equal("application/problem+json", answer.Media);
                Assert.True(answer.Elapsed < AnswerWithin, $"{answer.Name} took {answer.Elapsed}");
            }
        }
        finally
        {
            Signal(azurite.ProcessId, "CONT");
        }

        // Storage is back: the same host answers again, without a restart.
        await Eventually.HoldsAsync(async () => (await member.GetAsync("api/me")).StatusCode,
            status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the host answers again once storage does");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync($"api/projects/{projectId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await member.PostAsync($"api/projects/{projectId}/stages/Label/next")).StatusCode);
    }

    [Fact]
    public async Task A_storage_error_while_authenticating_a_key_not_yet_verified_is_503_not_500()
    {
        var faults = new StorageFaults();
        await using var host = await DocketHost.StartAsync(services: s => s.AddSingleton(faults.AsStoragePolicy()));
        var scenario = await Scenario.StartAsync(host);
        var fresh = (await scenario.UserAsync(Scenario.UniqueEmail("fresh"))).WithoutRetries();

        // Every try of the key's read fails, however often the SDK retries.
        faults.Add(message => StorageFaults.IsTable(message, "ApiKeys"), StorageFault.Refuse, times: int.MaxValue);
        using var response = await fresh.GetAsync("api/me");
        faults.Clear();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("api/me")).StatusCode);
    }

    static void Signal(int processId, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {processId}");
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
