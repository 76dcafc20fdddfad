using System.Diagnostics;
using Azure.Storage.Queues;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost;

namespace Docket.Functions.Tests.LocalHost;

/// <summary>Queue triggers where the Functions host's queue extension has rules of its own.</summary>
[Collection(SampleHostCollection.Name)]
public sealed class QueueParityTests
{
    static async Task<(QueueClient Raw, QueueClient Encoded, QueueClient RawPoison)> QueuesAsync(string name)
    {
        var connectionString = await TestStorage.ConnectionStringAsync();
        var raw = new QueueClient(connectionString, name,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var encoded = new QueueClient(connectionString, name,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var rawPoison = new QueueClient(connectionString, name + "-poison",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await raw.CreateIfNotExistsAsync();
        return (raw, encoded, rawPoison);
    }

    static Task<string[]> PoisonedAsync(QueueClient rawPoison, string body) =>
        Eventually.HoldsAsync(async () => (await rawPoison.ExistsAsync()).Value
                ? (await rawPoison.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToArray()
                : [],
            bodies => bodies.Contains(body), TimeSpan.FromSeconds(15), $"'{body}' reaches the poison queue");

    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_poison_at_once_and_the_good_messages_behind_it_run()
    {
        await using var host = await SampleHost.StartAsync();
        var (raw, encoded, rawPoison) = await QueuesAsync(SampleFunctions.WorkQueue);
        var plainText = "plain text, as az storage message put sends it " + Guid.NewGuid();
        var good = Enumerable.Range(0, 3).Select(i => $"good-{i}-{Guid.NewGuid()}").ToArray();
        await raw.SendMessageAsync(plainText);
        foreach (var body in good)
            await encoded.SendMessageAsync(body);

        await Eventually.HoldsAsync(() => good.All(host.Recorder.QueueMessages.Contains), TimeSpan.FromSeconds(60),
            "the good messages behind the bad one are processed");
        await PoisonedAsync(rawPoison, plainText);
        Assert.DoesNotContain(plainText, host.Recorder.QueueMessages);
    }

    [Fact]
    public async Task A_message_already_dequeued_more_than_max_dequeue_count_times_is_poisoned_without_running()
    {
        var (raw, encoded, rawPoison) = await QueuesAsync(SampleFunctions.WorkQueue);
        var body = "worn-" + Guid.NewGuid();
        var sent = await encoded.SendMessageAsync(body);
        // Four deliveries (the sample host.json's maxDequeueCount is 3) that a crashed consumer never settled.
        for (var deliveries = 0; deliveries < 4;)
        {
            foreach (var received in (await raw.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value)
            {
                if (received.MessageId == sent.Value.MessageId) deliveries++;
                await raw.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }
        }

        await using var host = await SampleHost.StartAsync();
        var poisoned = await PoisonedAsync(rawPoison, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.NotEmpty(poisoned);
        Assert.DoesNotContain(body, host.Recorder.QueueMessages);
    }

    [Fact]
    public async Task A_stopping_host_gives_its_in_flight_message_back_at_once_for_another_host()
    {
        var (_, encoded, _) = await QueuesAsync(SampleFunctions.HeldQueue);
        var lease = new Dictionary<string, string?> { [LocalFunctionsHost.QueueLeaseSetting] = "00:01:00" };
        var first = await SampleHost.StartAsync(recorder: new SampleRecorder { HoldWork = true }, settings: lease);
        var body = "held-" + Guid.NewGuid();
        await encoded.SendMessageAsync(body);
        await Eventually.HoldsAsync(() => first.Recorder.HeldStarted.Contains(body), because: "the first host runs it");

        await using var second = await SampleHost.StartAsync(settings: lease);
        var stopped = Stopwatch.StartNew();
        await first.DisposeAsync();
        await Eventually.HoldsAsync(() => second.Recorder.HeldStarted.Contains(body), TimeSpan.FromSeconds(15),
            "the second host gets the message long before the one-minute lease would have run out");
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_queue_function_past_function_timeout_sees_its_token_cancelled_and_fails_until_poisoned()
    {
        await using var host = await SampleHost.StartAsync(SampleHost.WithFunctionTimeout("00:00:01"));
        var (_, encoded, rawPoison) = await QueuesAsync(SampleFunctions.SleepyQueue);
        var body = "sleepy-" + Guid.NewGuid();
        await encoded.SendMessageAsync(body);

        await PoisonedAsync(rawPoison, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.Equal(3, host.Recorder.Cancelled.Count(id => id == body));
    }
}
