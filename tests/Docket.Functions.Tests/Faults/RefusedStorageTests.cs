using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Docket.FaultHost;
using Docket.Functions.Tests.Infrastructure;
using Docket.Storage.Moves;
using Docket.Storage.Projects;
using Docket.Storage.Tasks;
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

        // This host takes no messages; the shared host (which does) carries out the retried move.
        await DocketHost.SharedAsync();
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

    [Fact]
    public async Task A_bulk_move_is_safe_to_repeat_and_judged_task_by_task()
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("move-again");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var email = Scenario.UniqueEmail("labeler");
        var labeler = await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("held", null, new { Label = email }), Items.Entry("stuck"), Items.Entry("free")]);
        var api = $"api/projects/{projectId}";
        var admin = scenario.OrgAdmin;
        await labeler.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{api}/stages/Label/next");
        await labeler.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"{api}/tasks/{ids["held"]}/save");
        var heldBefore = (await admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"{api}/tasks/{ids["held"]}"))!;

        // "stuck" is sent to Review_1 while its message cannot be sent: its move stays pending.
        faults.Add(IsMessageSend, StorageFault.Refuse, times: int.MaxValue);
        using (var unsent = await admin.WithoutRetries().PostAsync($"{api}/tasks/move",
                   new { taskIds = new[] { ids["stuck"] }, stageName = "Review_1" }))
            Assert.Equal((HttpStatusCode)207, unsent.StatusCode);
        faults.Clear();

        // To the stage a task is in: unchanged, its holder's work kept.
        var same = (await admin.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"{api}/tasks/move",
            new { taskIds = new[] { ids["held"] }, stageName = "Label" }))!;
        Assert.Equal("unchanged", OutcomeOf(same, ids["held"]));
        var heldAfter = (await admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"{api}/tasks/{ids["held"]}"))!;
        Assert.Equal(("IN_PROGRESS", email),
            (heldAfter["status"]!.GetValue<string>(), heldAfter["assignee"]!.GetValue<string>()));
        Assert.Equal(heldBefore["queuedAt"]!.GetValue<string>(), heldAfter["queuedAt"]!.GetValue<string>());

        // To where it is moving already: unchanged, the same move still pending.
        var stuckBefore = (await admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"{api}/tasks/{ids["stuck"]}"))!;
        var again = (await admin.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"{api}/tasks/move",
            new { taskIds = new[] { ids["stuck"] }, stageName = "Review_1" }))!;
        Assert.Equal("unchanged", OutcomeOf(again, ids["stuck"]));
        var stuckAfter = (await admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"{api}/tasks/{ids["stuck"]}"))!;
        Assert.Equal(stuckBefore["pendingMove"]!.ToJsonString(), stuckAfter["pendingMove"]!.ToJsonString());

        // Moving elsewhere: refused on its own, while the others in the request go on.
        using var mixed = await admin.PostAsync($"{api}/tasks/move",
            new { taskIds = new[] { ids["stuck"], ids["free"] }, stageName = "Ground Truth" });
        Assert.Equal((HttpStatusCode)207, mixed.StatusCode);
        var body = (await mixed.JsonAsync())!;
        Assert.Equal("refused", OutcomeOf(body, ids["stuck"]));
        Assert.Contains("Review_1", EntryOf(body, ids["stuck"])["error"]!.GetValue<string>());
        Assert.Equal("changed", OutcomeOf(body, ids["free"]));
    }

    [Fact]
    public async Task A_move_the_sweep_has_re_sent_is_consistent_and_repair_keeps_its_back_off()
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("resent");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a")]);
        faults.Add(IsMessageSend, StorageFault.Refuse, times: int.MaxValue);
        using (var unsent = await scenario.OrgAdmin.WithoutRetries().PostAsync($"api/projects/{projectId}/tasks/move",
                   new { taskIds = new[] { ids["a"] }, stageName = "Ground Truth" }))
            Assert.Equal((HttpStatusCode)207, unsent.StatusCode);
        faults.Clear();
        // The sweep re-sent it three times (its message lost each time): the row carries the back-off.
        var project = (await host.Services.GetRequiredService<ProjectStore>().GetAsync(projectId, default))!;
        var task = (await host.Services.GetRequiredService<TaskReader>().GetAsync(project, ids["a"], default))!;
        var moves = host.Services.GetRequiredService<PendingMoveIndex>();
        var entry = (await moves.FindAsync(project, task.Task, default))!;
        var resentAt = DateTimeOffset.UtcNow;
        await moves.RecordResendAsync(project, entry, 3, resentAt, default);

        var check = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/check/repair"))!;

        Assert.Empty(check["problems"]!.AsArray());
        var after = (await moves.FindAsync(project, task.Task, default))!;
        Assert.Equal((3, resentAt), (after.Resends, after.LastResentAt!.Value));
    }

    [Fact]
    public async Task A_committed_skip_answers_200_when_removing_its_old_queue_row_fails()
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("quiet-delete");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var email = Scenario.UniqueEmail("labeler");
        var labeler = await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a"), Items.Entry("b")]);
        var first = (await labeler.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/stages/Label/next"))!["taskId"]!.GetValue<string>();

        faults.Add(m => StorageFaults.IsTable(m, "Queues") && m.Request.Method == RequestMethod.Delete,
            StorageFault.Disconnect, times: int.MaxValue);
        using var skipped = await labeler.WithoutRetries().PostAsync($"api/projects/{projectId}/tasks/{first}/skip");
        faults.Clear();

        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        Assert.True(faults.Injected > 0);
        Assert.Equal("SKIPPED", (await skipped.JsonAsync())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bulk_priority_with_storage_failing_every_write_answers_each_task_failed_not_503()
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("priority-down");
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { shardCount = 1 });
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a"), Items.Entry("b")]);

        faults.Add(m => m.Request.Method == RequestMethod.Post && m.Request.Uri.Path.EndsWith("/$batch",
            StringComparison.Ordinal), StorageFault.Disconnect, times: int.MaxValue);
        using var response = await scenario.OrgAdmin.WithoutRetries().PostAsync(
            $"api/projects/{projectId}/tasks/priority",
            new { tasks = ids.Values.Select(taskId => new { taskId, priority = 0.5 }) });
        faults.Clear();

        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        var body = (await response.JsonAsync())!;
        Assert.All(ids.Values, taskId => Assert.Equal("failed", OutcomeOf(body, taskId)));
        Assert.True(faults.Injected > 0);
    }

    static JsonNode EntryOf(JsonNode bulk, string taskId) =>
        bulk.AsArray().Single(t => t!["taskId"]!.GetValue<string>() == taskId)!;

    static string OutcomeOf(JsonNode bulk, string taskId) => EntryOf(bulk, taskId)["outcome"]!.GetValue<string>();
}
