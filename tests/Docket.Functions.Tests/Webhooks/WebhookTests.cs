using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Docket.Application.Ports;
using Docket.Application.StageMoves;
using Docket.Application.Tasks;
using Docket.Client;
using Docket.Domain.Tasks;
using Docket.Functions.Tests.Cli;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;
using Docket.Functions.Tests.Telemetry;
using Docket.LocalHost.Azurite;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;

namespace Docket.Functions.Tests.Webhooks;

/// <summary>
/// A host on an Azurite of its own that dispatches every second with short retry waits, and a receiver in the test
/// process. Its own Azurite: each dispatch pass reads the feed of every project with a webhook, a range query that
/// Azurite answers by scanning the whole table.
/// </summary>
public sealed class WebhookWorld : IAsyncLifetime
{
    AzuriteProcess? azurite;

    public RunningHost Host { get; private set; } = null!;
    public WebhookReceiver Receiver { get; } = new();

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        Host = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Docket:Webhooks:DispatchSchedule"] = "*/1 * * * * *",
            ["Docket:Webhooks:AllowInsecureTargets"] = "true",
            ["Docket:Webhooks:RetrySchedule"] = "00:00:01,00:00:01,00:00:02,00:00:05,00:00:10,00:00:10,00:00:10",
            ["Docket:Webhooks:DisableAfter"] = "00:00:20",
            // Files of more than 20 entries take the large path, whose record sends upload.completed.
            ["Docket:Ingestion:LargeFileEntries"] = "20",
            // A move pending 5 s is stuck: the sweep, every second here, reports it once.
            ["Docket:SweepSchedule"] = "*/1 * * * * *",
            ["Docket:StageMoves:PendingMoveAge"] = "00:00:01",
            ["Docket:StageMoves:MaxResendInterval"] = "00:00:02",
            ["Docket:StageMoves:StuckAfter"] = "00:00:05",
        }, storageConnectionString: azurite.ConnectionString, queueAndBlobTriggers: true);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Receiver.DisposeAsync();
        await azurite!.DisposeAsync();
    }
}

/// <summary>
/// Webhooks through real changes, a real dispatcher and a real HTTP receiver: every event the feed shows arrives,
/// signed, in the documented body; failures are retried under the same id; disabled webhooks and other types get
/// nothing; ping, redeliver and secret rotation; refusals.
/// </summary>
public sealed class WebhookTests(WebhookWorld world) : IClassFixture<WebhookWorld>
{
    WebhookReceiver Receiver => world.Receiver;

    /// <summary>What a receiver does: HMAC-SHA256 of "id.timestamp.body" with the secret's bytes, in base64.</summary>
    static bool SignedBy(string secret, ReceivedCall call)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(
            HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{call.Id}.{call.Timestamp}.{call.Body}")));
        return call.Signature.Split(' ').Contains(expected);
    }

    /// <summary>The README's verification example: the StandardWebhooks package, as a receiver would use it.</summary>
    static void VerifyWithLibrary(string secret, ReceivedCall call)
    {
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = call.Id,
            ["webhook-timestamp"] = call.Timestamp,
            ["webhook-signature"] = call.Signature,
        };
        new StandardWebhook(secret).Verify(call.Body, headers); // throws when the signature is wrong
    }

    static async Task<(Scenario Scenario, string ProjectId, DocketClient Admin)> ProjectAsync(RunningHost host,
        string prefix, int reviewStages = 1)
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId(prefix);
        await scenario.ProjectAsync(projectId, reviewStages, new { queueSize = 5 });
        return (scenario, projectId, scenario.OrgAdmin.Docket);
    }

    static string TypeOf(ReceivedCall call) => JsonNode.Parse(call.Body)!["type"]!.GetValue<string>();

    [Fact]
    public async Task Every_event_arrives_signed_in_the_documented_body_as_the_feed_shows_it()
    {
        var (scenario, projectId, admin) = await ProjectAsync(world.Host, "hook-all");
        var path = "all-" + projectId;
        var everything = await admin.CreateWebhookAsync(projectId,
            new CreateWebhookRequest(Receiver.Url(path), ["*"], "everything"));
        var completedOnly = await admin.CreateWebhookAsync(projectId,
            new CreateWebhookRequest(Receiver.Url("completed-" + projectId), ["task.completed"]));
        var disabled = await admin.CreateWebhookAsync(projectId,
            new CreateWebhookRequest(Receiver.Url("disabled-" + projectId), ["*"]));
        Assert.Equal("Disabled", (await admin.UpdateWebhookAsync(projectId, disabled.WebhookId,
            new UpdateWebhookRequest { Status = WebhookState.Disabled })).Status);
        Assert.StartsWith("whsec_", everything.Secret);
        Assert.Null((await admin.GetWebhookAsync(projectId, everything.WebhookId)).Secret);

        var labeler = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("labeler"), "Member",
            ["Label", "Review_1"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("a"), Items.Entry("b"), Items.Entry("c")]);
        await labeler.Docket.NextAsync(projectId, "Label");
        await labeler.Docket.SubmitTaskAsync(projectId, ids["a"]);
        await labeler.Docket.FinalizeTaskAsync(projectId, ids["a"]);
        await labeler.Docket.SkipTaskAsync(projectId, ids["b"]);
        await labeler.Docket.RaiseIssueAsync(projectId, ids["c"], "blurry");
        await admin.ResolveIssueAsync(projectId, ids["c"]);
        await admin.SetPrioritiesAsync(projectId, [new PriorityChange(ids["c"], 0.25m)]);
        await admin.UnassignTasksAsync(projectId, [ids["c"]]);
        await admin.MoveTasksAsync(projectId, [ids["c"]], "Ground Truth");

        // The feed is the oracle: every event it shows arrives, and nothing else.
        var feed = new List<DocketEvent>();
        string? cursor = null;
        await Eventually.HoldsAsync(async () =>
        {
            var page = await admin.GetEventsAsync(projectId, cursor, limit: 500);
            feed.AddRange(page.Events);
            cursor = page.NextCursor;
            // Both stage moves are carried out by the queue, in either order: a to Review_1, c to Ground Truth.
            return feed.Any(e => e.Type == "task.completed")
                   && feed.Any(e => e.Type == "task.entered_stage" && e.Task!.Name == "a");
        }, done => done, TimeSpan.FromSeconds(90), "both stage moves in the feed");
        var expected = feed.Select(e => e.Id).ToHashSet();
        Assert.Contains(feed, e => e.Type == "task.entered_stage");
        var calls = await Receiver.WaitForAsync(path, received => expected.IsSubsetOf(received.Select(c => c.Id)),
            "every event of the feed");

        Assert.Equal(expected.Order(), calls.Select(c => c.Id).Distinct().Order());
        foreach (var call in calls)
        {
            Assert.True(SignedBy(everything.Secret!, call), $"{call.Id} is not signed by the webhook's secret");
            Assert.StartsWith("application/json", call.ContentType);
            var body = JsonNode.Parse(call.Body)!.AsObject();
            Assert.Equal(["id", "type", "timestamp", "projectId", "data"], body.Select(p => p.Key));
            Assert.Equal(call.Id, body["id"]!.GetValue<string>());
            Assert.Equal(projectId, body["projectId"]!.GetValue<string>());
            var fromFeed = feed.Single(e => e.Id == call.Id);
            Assert.Equal(fromFeed.Type, body["type"]!.GetValue<string>());
            Assert.Equal(fromFeed.Task!.TaskId, body["data"]!["taskId"]!.GetValue<string>());
            Assert.Equal(fromFeed.Task!.Status, body["data"]!["status"]!.GetValue<string>());
            Assert.Equal(fromFeed.Task!.StageName, body["data"]!["stageName"]!.GetValue<string>());
        }
        VerifyWithLibrary(everything.Secret!, calls[0]);
        Assert.Superset(new HashSet<string>
        {
            "task.created", "task.assigned", "task.submitted", "task.finalized", "task.entered_stage",
            "task.skipped", "task.issue_raised", "task.issue_resolved", "task.priority_changed", "task.unassigned",
            "task.completed",
        }, calls.Select(TypeOf).ToHashSet());

        var completed = await Receiver.WaitForAsync("completed-" + projectId, r => r.Count >= 1, "task.completed");
        Assert.Equal(["task.completed"], completed.Select(TypeOf).Distinct());
        Assert.True(SignedBy(completedOnly.Secret!, completed[0]));
        Assert.Empty(Receiver.CallsTo("disabled-" + projectId));

        var log = await Eventually.HoldsAsync(
            async () => (await admin.GetWebhookDeliveriesAsync(projectId, everything.WebhookId, limit: 100))
                .Deliveries,
            deliveries => deliveries.Count == expected.Count && deliveries.All(d => d.Status == "Succeeded"),
            TimeSpan.FromSeconds(60), "every delivery recorded as succeeded");
        Assert.Equal(expected.Order(), log.Select(d => d.EventId).Order());
        Assert.All(log, d => Assert.Equal((1, 200), (d.Attempts, d.LastStatus!.Value)));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_event_on_the_third_attempt_under_the_same_id()
    {
        var (scenario, projectId, admin) = await ProjectAsync(world.Host, "hook-retry", reviewStages: 0);
        var path = "flaky-" + projectId;
        Receiver.Answer(path, attempt => attempt <= 2 ? 500 : 204);
        var webhook = await admin.CreateWebhookAsync(projectId,
            new CreateWebhookRequest(Receiver.Url(path), ["task.created"]));
        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("only")]);

        var calls = await Receiver.WaitForAsync(path, r => r.Any(c => c.Answered == 204), "a third attempt");
        Assert.Equal([500, 500, 204], calls.Select(c => c.Answered));
        Assert.Single(calls.Select(c => c.Id).Distinct());
        Assert.Single(calls.Select(c => c.Body).Distinct());
        Assert.All(calls, c => Assert.True(SignedBy(webhook.Secret!, c)));

        var delivery = await Eventually.HoldsAsync(
            async () => (await admin.GetWebhookDeliveriesAsync(projectId, webhook.WebhookId)).Deliveries.Single(),
            d => d.Status == "Succeeded", TimeSpan.FromSeconds(60), "the delivery recorded as succeeded");
        Assert.Equal((3, 204, calls[0].Id), (delivery.Attempts, delivery.LastStatus!.Value, delivery.EventId));
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal("Enabled", (await admin.GetWebhookAsync(projectId, webhook.WebhookId)).Status);
    }

    [Fact]
    public async Task An_uploads_end_and_a_stuck_move_arrive_as_their_events_each_once()
    {
        var (scenario, projectId, admin) = await ProjectAsync(world.Host, "hook-upload", reviewStages: 0);
        var path = "ends-" + projectId;
        await admin.CreateWebhookAsync(projectId,
            new CreateWebhookRequest(Receiver.Url(path), ["upload.completed", "move.stuck"]));

        var file = Items.File(Enumerable.Range(0, 25).Select(i => Items.Entry($"u-{i:D2}")));
        var accepted = await admin.StartUploadAsync(projectId, Encoding.UTF8.GetBytes(file));
        Assert.NotNull(accepted.UploadId);
        var uploaded = (await Receiver.WaitForAsync(path, r => r.Any(c => TypeOf(c) == "upload.completed"),
            "upload.completed")).Single(c => TypeOf(c) == "upload.completed");
        var upload = JsonNode.Parse(uploaded.Body)!["data"]!;
        Assert.Equal((accepted.UploadId, "Completed", 25), (upload["uploadId"]!.GetValue<string>(),
            upload["status"]!.GetValue<string>(), upload["created"]!.GetValue<int>()));

        // A move decided but never sent (what a long queue outage leaves), to a stage that does not exist.
        var host = world.Host.Services;
        var project = (await host.GetRequiredService<IProjectStore>().GetAsync(projectId, CancellationToken.None))!;
        var taskId = Docket.Client.TaskIds.FromName("u-07");
        var decided = await host.GetRequiredService<TaskUpdater>().UpdateAsync(project, taskId,
            t => TaskTransitions.Send(t, "Nowhere", DocketHost.AdminEmail, StageMoveService.NewMoveId(),
                DateTimeOffset.UtcNow), cancellationToken: CancellationToken.None);
        Assert.True(decided.Succeeded, decided.Error);
        var stuck = (await Receiver.WaitForAsync(path, r => r.Any(c => TypeOf(c) == "move.stuck"), "move.stuck"))
            .First(c => TypeOf(c) == "move.stuck");
        var task = JsonNode.Parse(stuck.Body)!["data"]!;
        Assert.Equal((taskId, "Nowhere"), (task["taskId"]!.GetValue<string>(),
            task["pendingMove"]!["toStage"]!.GetValue<string>()));

        // Later sweeps still see it stuck (and re-send it); it is reported once.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Single(Receiver.CallsTo(path).Where(c => TypeOf(c) == "move.stuck").Select(c => c.Id).Distinct());
        Assert.Single(Receiver.CallsTo(path).Where(c => TypeOf(c) == "upload.completed").Select(c => c.Id)
            .Distinct());
    }

    [Fact]
    public async Task Ping_redeliver_and_a_rotated_secret_signing_beside_the_old_one()
    {
        var (scenario, projectId, admin) = await ProjectAsync(world.Host, "hook-ping", reviewStages: 0);
        var path = "ping-" + projectId;
        var webhook = await admin.CreateWebhookAsync(projectId,
            new CreateWebhookRequest(Receiver.Url(path), ["task.created"]));

        var ping = await admin.PingWebhookAsync(projectId, webhook.WebhookId);
        Assert.Equal(("webhook.ping", "Succeeded", 1), (ping.EventType, ping.Status, ping.Attempts));
        var pinged = Assert.Single(Receiver.CallsTo(path));
        Assert.Equal(ping.EventId, pinged.Id);
        Assert.True(SignedBy(webhook.Secret!, pinged));
        var pingBody = JsonNode.Parse(pinged.Body)!;
        Assert.Equal(("webhook.ping", webhook.WebhookId), (pingBody["type"]!.GetValue<string>(),
            pingBody["data"]!["webhookId"]!.GetValue<string>()));

        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("one")]);
        var created = (await Receiver.WaitForAsync(path, r => r.Count >= 2, "task.created"))[1];
        var delivery = (await admin.GetWebhookDeliveriesAsync(projectId, webhook.WebhookId)).Deliveries
            .Single(d => d.EventId == created.Id);

        var rotated = await admin.RotateWebhookSecretAsync(projectId, webhook.WebhookId);
        Assert.NotEqual(webhook.Secret, rotated.Secret);
        var redelivered = await admin.RedeliverWebhookDeliveryAsync(projectId, webhook.WebhookId,
            delivery.DeliveryId);
        Assert.Equal(("Succeeded", 2), (redelivered.Status, redelivered.Attempts));
        var again = Receiver.CallsTo(path)[^1];
        Assert.Equal((created.Id, created.Body), (again.Id, again.Body));
        Assert.Equal(2, again.Signature.Split(' ').Length);
        Assert.True(SignedBy(rotated.Secret!, again), "signed by the new secret");
        Assert.True(SignedBy(webhook.Secret!, again), "signed by the old secret during the overlap");
        VerifyWithLibrary(rotated.Secret!, again);
    }

    [Fact]
    public async Task A_webhook_failing_for_the_disable_time_is_disabled_with_the_reason()
    {
        using var recorded = new RecordedMeasurements(world.Host);
        var (scenario, projectId, admin) = await ProjectAsync(world.Host, "hook-dead", reviewStages: 0);
        var path = "dead-" + projectId;
        Receiver.Answer(path, _ => 503);
        var webhook = await admin.CreateWebhookAsync(projectId,
            new CreateWebhookRequest(Receiver.Url(path), ["*"]));
        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("x")]);

        var disabled = await Eventually.HoldsAsync(() => admin.GetWebhookAsync(projectId, webhook.WebhookId),
            w => w.Status == "Disabled", TimeSpan.FromSeconds(120), "the webhook disabled");
        Assert.Contains("503", disabled.DisabledReason);
        var attempts = Receiver.CallsTo(path).Count;
        Assert.True(attempts >= 3, $"only {attempts} attempts before it was disabled");

        // Enabled again, it sends what happens from then on.
        Receiver.Answer(path, _ => 200);
        await admin.UpdateWebhookAsync(projectId, webhook.WebhookId,
            new UpdateWebhookRequest { Status = WebhookState.Enabled });
        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("y")]);
        await Receiver.WaitForAsync(path, r => r.Any(c => c.Answered == 200 && c.Body.Contains("\"y\"")),
            "the event after it was enabled again");

        // What the meter saw: failed attempts, the switch-off in this project, then successes with their lag.
        Assert.True(recorded.Seen("docket.webhook.deliveries", ("outcome", "failed")));
        Assert.True(recorded.Seen("docket.webhook.disabled", ("project", projectId)));
        await Eventually.HoldsAsync(() => recorded.Seen("docket.webhook.deliveries", ("outcome", "succeeded")),
            TimeSpan.FromSeconds(60), "the successful delivery is counted");
        Assert.Contains(recorded.All, m => m.Instrument == "docket.webhook.lag" && m.Value >= 0);
    }

    [Fact]
    public async Task The_cli_adds_pings_lists_disables_and_removes_a_webhook_and_tails_the_feed_as_ndjson()
    {
        var (scenario, projectId, _) = await ProjectAsync(world.Host, "hook-cli", reviewStages: 0);
        using var cli = new CliSession { StandardInput = DocketHost.AdminKey + "\n" };
        var login = await cli.RunAsync("login", "--url", world.Host.BaseAddress.ToString(), "--key-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());
        var path = "cli-" + projectId;

        var add = await cli.RunAsync("webhooks", "add", projectId, Receiver.Url(path), "--event", "task.created",
            "--output", "json");
        Assert.True(add.ExitCode == 0, add.ToString());
        var added = JsonNode.Parse(add.Out)!;
        var webhookId = added["webhookId"]!.GetValue<string>();
        Assert.StartsWith("whsec_", added["secret"]!.GetValue<string>());

        var ping = await cli.RunAsync("webhooks", "ping", projectId, webhookId);
        Assert.True(ping.ExitCode == 0, ping.ToString());
        Assert.Contains("Succeeded", ping.Console);
        Assert.Single(Receiver.CallsTo(path));

        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("p"), Items.Entry("q")]);
        await Receiver.WaitForAsync(path, r => r.Count >= 3, "the ping and two task.created");
        var lines = await Eventually.HoldsAsync(async () =>
            {
                var tail = await cli.RunAsync("events", "tail", projectId, "--output", "json");
                Assert.True(tail.ExitCode == 0, tail.ToString());
                Assert.Contains("cursor: ", tail.Console);
                return tail.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }, found => found.Length >= 2, TimeSpan.FromSeconds(90), "both events in the feed");
        Assert.Equal(["p", "q"], lines.Select(line => JsonNode.Parse(line)!["data"]!["name"]!.GetValue<string>())
            .Order());

        var deliveries = await cli.RunAsync("webhooks", "deliveries", projectId, webhookId, "--output", "json");
        Assert.True(deliveries.ExitCode == 0, deliveries.ToString());
        Assert.Equal(3, JsonNode.Parse(deliveries.Out)!["deliveries"]!.AsArray().Count);
        var disable = await cli.RunAsync("webhooks", "update", projectId, webhookId, "--disable");
        Assert.True(disable.ExitCode == 0, disable.ToString());
        Assert.Contains("Disabled", disable.Console);
        var remove = await cli.RunAsync("webhooks", "remove", projectId, webhookId);
        Assert.True(remove.ExitCode == 0, remove.ToString());
        var list = await cli.RunAsync("webhooks", "list", projectId, "--output", "json");
        Assert.Empty(JsonNode.Parse(list.Out)!.AsArray());
    }

    [Fact]
    public async Task Bad_webhooks_are_refused_with_every_problem_and_members_and_unknown_ids_get_nothing()
    {
        var (scenario, projectId, admin) = await ProjectAsync(world.Host, "hook-bad", reviewStages: 0);
        var refused = await Assert.ThrowsAsync<DocketApiException>(() => admin.CreateWebhookAsync(projectId,
            new CreateWebhookRequest("ftp://example.com/x", ["task.exploded", "*"])));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(["events", "url"], refused.Errors.Select(e => e.Field).Order());

        var empty = await Assert.ThrowsAsync<DocketApiException>(() => admin.CreateWebhookAsync(projectId,
            new CreateWebhookRequest(Receiver.Url("x"), [])));
        Assert.Equal("events", Assert.Single(empty.Errors).Field);

        var member = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("member"), "Member", ["Label"]);
        var forbidden = await Assert.ThrowsAsync<DocketApiException>(() => member.Docket.ListWebhooksAsync(projectId));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);

        foreach (var call in new Func<Task>[]
                 {
                     () => admin.GetWebhookAsync(projectId, "wh_nope"),
                     () => admin.PingWebhookAsync(projectId, "wh_nope"),
                     () => admin.RemoveWebhookAsync(projectId, "wh_nope"),
                 })
            Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<DocketApiException>(call)).Status);

        var webhook = await admin.CreateWebhookAsync(projectId, new CreateWebhookRequest(Receiver.Url("y"), ["*"]));
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<DocketApiException>(() =>
            admin.RedeliverWebhookDeliveryAsync(projectId, webhook.WebhookId, "0000000000000000001-nope"))).Status);
        await admin.RemoveWebhookAsync(projectId, webhook.WebhookId);
        Assert.Empty(await admin.ListWebhooksAsync(projectId));
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<DocketApiException>(() =>
            admin.GetWebhookAsync(projectId, webhook.WebhookId))).Status);
    }
}

/// <summary>
/// A deployment that does not allow insecure targets (as in Azure): only https to public addresses is saved.
/// </summary>
public sealed class WebhookTargetTests
{
    [Fact]
    public async Task Loopback_private_link_local_and_plain_http_targets_are_refused()
    {
        await using var host = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Docket:Webhooks:AllowInsecureTargets"] = "false",
        });
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("hook-ssrf");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var admin = scenario.OrgAdmin.Docket;
        foreach (var (url, reason) in new[]
                 {
                     ("http://example.com/hook", "https"),
                     ("https://127.0.0.1/hook", "loopback"),
                     ("https://localhost:8443/hook", "loopback"),
                     ("https://[::1]/hook", "loopback"),
                     ("https://10.1.2.3/hook", "private"),
                     ("https://192.168.0.10/hook", "private"),
                     ("https://172.20.0.1/hook", "private"),
                     ("https://169.254.169.254/metadata", "link-local"),
                     ("https://[::ffff:127.0.0.1]/hook", "loopback"),
                 })
        {
            var refused = await Assert.ThrowsAsync<DocketApiException>(() =>
                admin.CreateWebhookAsync(projectId, new CreateWebhookRequest(url, ["*"])));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            var error = Assert.Single(refused.Errors);
            Assert.Equal("url", error.Field);
            Assert.Contains(reason, error.Message);
        }
        Assert.Empty(await admin.ListWebhooksAsync(projectId));
    }
}
