using System.Diagnostics;
using System.Net;
using Docket.FaultHost;
using Docket.Functions.Tests.Infrastructure;
using Docket.Functions.Tests.Telemetry;
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

    /// <summary>Uploads and the check have budgets of minutes (their storage work is large): within those.</summary>
    static readonly TimeSpan LongAnswerWithin = TimeSpan.FromSeconds(90);

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
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("a"), Items.Entry("b"), Items.Entry("c")]);
        // A key no instance has verified yet: authenticating it needs storage.
        var fresh = (await scenario.MemberAsync(projectId, Scenario.UniqueEmail("fresh"), "Member", ["Label"]))
            .WithoutRetries();
        var holder = (await scenario.MemberAsync(projectId, Scenario.UniqueEmail("holder"), "Member", ["Label"]))
            .WithoutRetries();
        var held = (await holder.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/stages/Label/next"))!["taskId"]!.GetValue<string>();
        var api = $"api/projects/{projectId}";

        using var recorded = new RecordedMeasurements(host);
        Signal(azurite.ProcessId, "STOP");
        try
        {
            var calls = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
            {
                ("GET me", () => member.GetAsync("api/me")),
                ("GET tasks", () => admin.GetAsync($"api/projects/{projectId}/tasks")),
                ("POST next", () => member.PostAsync($"api/projects/{projectId}/stages/Label/next")),
                ("GET project with a key not yet verified", () => fresh.GetAsync($"api/projects/{projectId}")),
                ("POST finalize", () => holder.PostAsync($"{api}/tasks/{held}/finalize")),
                ("POST save", () => holder.PostAsync($"{api}/tasks/{held}/save")),
                ("POST items", () => admin.PostAsync($"{api}/items", Items.File([Items.Entry("d")]))),
                ("POST tasks/priority", () => admin.PostAsync($"{api}/tasks/priority",
                    new { tasks = new[] { new { taskId = ids["a"], priority = 0.5 } } })),
                ("POST tasks/assign", () => admin.PostAsync($"{api}/tasks/assign",
                    new { taskIds = new[] { ids["b"] }, email = DocketHost.AdminEmail })),
                ("POST tasks/move", () => admin.PostAsync($"{api}/tasks/move",
                    new { taskIds = new[] { ids["c"] }, stageName = "Ground Truth" })),
                ("PATCH project", () => admin.PatchAsync(api, new { name = "Renamed" })),
                ("GET stats", () => admin.GetAsync($"{api}/stats")),
                ("GET check", () => admin.GetAsync($"{api}/check")),
                ("POST rebalance", () => admin.PostAsync($"{api}/rebalance")),
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
                // A bulk route answers per task: each one failed (207), the request itself did not.
                var bulk = answer.Name.StartsWith("POST tasks/", StringComparison.Ordinal);
                Assert.True(answer.StatusCode == (bulk ? (HttpStatusCode)207 : HttpStatusCode.ServiceUnavailable)
                    || (bulk && answer.StatusCode == HttpStatusCode.ServiceUnavailable),
                    $"{answer.Name}: {(int)answer.StatusCode}");
                if (answer.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.True(answer.RetryAfter is not null, $"{answer.Name}: no Retry-After");
                    Assert.Equal("application/problem+json", answer.Media);
                }
                var within = answer.Name is "POST items" or "GET check" ? LongAnswerWithin : AnswerWithin;
                Assert.True(answer.Elapsed < within, $"{answer.Name} took {answer.Elapsed}");
            }
            // Requests that spent their whole budget waiting on storage are counted, by function.
            Assert.True(recorded.Seen("docket.http.budget_exhausted"),
                string.Join(", ", recorded.All.Select(m => m.Instrument)));
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
        // Writes storage had received before it froze may have landed since (assign, move, items): whatever is left,
        // next answers with work or with none, not an error.
        var next = (await member.PostAsync($"api/projects/{projectId}/stages/Label/next")).StatusCode;
        Assert.True(next is HttpStatusCode.OK or HttpStatusCode.NoContent, $"next answered {(int)next}");
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
