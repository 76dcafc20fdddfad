using System.Net;
using Azure.Storage.Queues;
using Docket.Client;
using Docket.Functions.Tests.Cli;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Operations;

/// <summary>
/// GET /api/ops/queues shows what waits in each queue and its poison queue, on a host of its own whose queue
/// triggers are off (so what is put in stays there).
/// </summary>
public sealed class QueueOverviewTests
{
    [Fact]
    public async Task Each_queue_and_its_poison_queue_show_their_depth_and_oldest_message_to_org_admins_only()
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var host = await DocketHost.StartAsync(storageConnectionString: azurite.ConnectionString);
        // Docket's messages are Base64, as the queue triggers read them.
        var encoded = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var queues = new QueueServiceClient(azurite.ConnectionString, encoded);
        var reindex = queues.GetQueueClient("reindex");
        await reindex.CreateIfNotExistsAsync();
        await reindex.SendMessageAsync("{}");
        await reindex.SendMessageAsync("{}");
        // What the Functions host does with a message that failed five times: it is put in the poison queue.
        var poison = queues.GetQueueClient("rebalance-poison");
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("not a rebalance message");
        // Something not Docket's wrote plain text into a queue: it is counted, its age is not known.
        var foreign = new QueueServiceClient(azurite.ConnectionString).GetQueueClient("stage-moves-poison");
        await foreign.CreateIfNotExistsAsync();
        await foreign.SendMessageAsync("plain text, not Base64 ~~");

        var scenario = await Scenario.StartAsync(host);
        var report = await scenario.OrgAdmin.Docket.GetQueuesAsync();

        Assert.Equal(["upload-chunks", "items-drops", "stage-moves", "reindex", "rebalance"],
            report.Select(q => q.Name));
        var reindexInfo = report.Single(q => q.Name == "reindex");
        Assert.Equal((2, "reindex-poison", 0, null), (reindexInfo.Depth, reindexInfo.PoisonName,
            reindexInfo.PoisonDepth, reindexInfo.PoisonOldestAgeSeconds));
        Assert.True(reindexInfo.OldestAgeSeconds >= 0);
        var rebalance = report.Single(q => q.Name == "rebalance");
        Assert.Equal((0, null, 1), (rebalance.Depth, rebalance.OldestAgeSeconds, rebalance.PoisonDepth));
        Assert.True(rebalance.PoisonOldestAgeSeconds >= 0);
        var moves = report.Single(q => q.Name == "stage-moves");
        Assert.Equal((1, null), (moves.PoisonDepth, moves.PoisonOldestAgeSeconds));

        var member = await scenario.UserAsync(Scenario.UniqueEmail("member"));
        var refused = await Assert.ThrowsAsync<DocketApiException>(() => member.Docket.GetQueuesAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    [Fact]
    public async Task Poisoned_messages_can_be_read_put_back_on_their_queue_or_dropped_by_org_admins()
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var host = await DocketHost.StartAsync(storageConnectionString: azurite.ConnectionString);
        var queues = new QueueServiceClient(azurite.ConnectionString,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var poison = queues.GetQueueClient("reindex-poison");
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("""{"page":1}""");
        await poison.SendMessageAsync("""{"page":2}""");
        var scenario = await Scenario.StartAsync(host);
        var admin = scenario.OrgAdmin.Docket;

        var waiting = await admin.GetPoisonMessagesAsync("reindex");
        Assert.Equal(["""{"page":1}""", """{"page":2}"""], waiting.Select(m => m.Body));
        Assert.Equal(2, (await admin.GetPoisonMessagesAsync("reindex")).Count); // reading leaves them there

        Assert.Equal(("reindex", 2), ((await admin.ReplayPoisonMessagesAsync("reindex")) is var replayed
            ? (replayed.Queue, replayed.Messages) : default));
        var back = (await queues.GetQueueClient("reindex").PeekMessagesAsync(32)).Value;
        Assert.Equal(["""{"page":1}""", """{"page":2}"""], back.Select(m => m.Body.ToString()).Order());
        Assert.Empty(await admin.GetPoisonMessagesAsync("reindex"));

        await poison.SendMessageAsync("""{"page":3}""");
        // Through the CLI: list, then discard.
        using var cli = new CliSession { StandardInput = DocketHost.AdminKey + "\n" };
        Assert.Equal(0, (await cli.RunAsync("login", "--url", host.BaseAddress.ToString(), "--key-stdin")).ExitCode);
        var listed = await cli.RunAsync("ops", "poison", "list", "reindex", "--output", "json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Equal("""{"page":3}""",
            System.Text.Json.Nodes.JsonNode.Parse(listed.Out)![0]!["body"]!.GetValue<string>());
        var dropped = await cli.RunAsync("ops", "poison", "discard", "reindex", "--output", "json");
        Assert.True(dropped.ExitCode == 0, dropped.ToString());
        Assert.Equal(1, System.Text.Json.Nodes.JsonNode.Parse(dropped.Out)!["messages"]!.GetValue<int>());
        Assert.Empty(await admin.GetPoisonMessagesAsync("reindex"));
        Assert.Equal(2, (await queues.GetQueueClient("reindex").GetPropertiesAsync()).Value.ApproximateMessagesCount);

        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<DocketApiException>(() =>
            admin.ReplayPoisonMessagesAsync("not-a-queue"))).Status);
        var member = await scenario.UserAsync(Scenario.UniqueEmail("member"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<DocketApiException>(() =>
            member.Docket.DiscardPoisonMessagesAsync("reindex"))).Status);
    }
}
