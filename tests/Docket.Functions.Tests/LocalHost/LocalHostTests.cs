using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.LocalHost;

/// <summary>The local host itself, hosting <see cref="SampleFunctions"/> against real Azurite.</summary>
[Collection(SampleHostCollection.Name)]
public sealed class LocalHostTests : IAsyncLifetime
{
    SampleHost host = null!;
    SampleRecorder recorder = null!;
    string connectionString = null!;

    public async Task InitializeAsync()
    {
        connectionString = await TestStorage.ConnectionStringAsync();
        host = await SampleHost.StartAsync();
        recorder = host.Recorder;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Http_function_answers_with_its_status_and_body_under_the_route_prefix()
    {
        using var client = host.CreateClient();
        var response = await client.PostAsync("sample/greetings/ada/2", new StringContent("payload"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("hello ada hello ada", json.RootElement.GetProperty("greeting").GetString());
        Assert.Equal("payload", json.RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Http_route_constraints_methods_and_unknown_routes_answer_404_like_the_functions_host()
    {
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.PostAsync("sample/greetings/ada/notanumber", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("sample/greetings/ada/2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/greetings/ada/2")).StatusCode);
    }

    [Fact]
    public async Task Queue_function_receives_a_base64_message()
    {
        var queue = new QueueClient(connectionString, SampleFunctions.WorkQueue,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        var payload = "{\"hello\":\"wörld\"}";
        await queue.SendMessageAsync(payload);

        await Eventually.HoldsAsync(() => recorder.QueueMessages.Contains(payload),
            because: "the message is delivered");
        await Eventually.HoldsAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
            count => count == 0,
            because: "a handled message is deleted");
    }

    [Fact]
    public async Task Queue_message_stays_invisible_for_the_functions_hosts_ten_minute_lease_while_it_runs()
    {
        var queue = new QueueClient(connectionString, SampleFunctions.WorkQueue,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        var payload = "lease-" + Guid.NewGuid();
        await queue.SendMessageAsync(payload);

        await Eventually.HoldsAsync(() => recorder.QueueMessages.Contains(payload),
            because: "the message is delivered");
        var lease = Assert.Single(recorder.QueueLeases);
        Assert.InRange(lease, TimeSpan.FromMinutes(9.5), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Failing_queue_function_is_retried_max_dequeue_count_times_then_the_message_goes_to_poison()
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var queue = new QueueClient(connectionString, SampleFunctions.FailingQueue, options);
        var poison = new QueueClient(connectionString, SampleFunctions.FailingQueue + "-poison", options);
        await queue.CreateIfNotExistsAsync();
        var payload = "doomed-" + Guid.NewGuid();
        await queue.SendMessageAsync(payload);

        var poisoned = await Eventually.HoldsAsync(async () =>
        {
            if (!(await poison.ExistsAsync()).Value) return [];
            return (await poison.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToArray();
        }, bodies => bodies.Contains(payload), because: "the message ends in the poison queue");

        Assert.Contains(payload, poisoned);
        Assert.Equal(3, recorder.FailingAttempts.Count(m => m == payload));
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Timer_function_fires_on_its_resolved_schedule_without_overlapping_runs()
    {
        // Generous: each run takes a lease, reads and writes its status in a shared Azurite that the other test
        // collections keep busy; the schedule is every second.
        await Eventually.HoldsAsync(() => recorder.TimerRuns.Count >= 2, TimeSpan.FromSeconds(60),
            "the timer fires repeatedly");
        Assert.Equal(0, recorder.Timers.Overlaps);
    }

    [Fact]
    public async Task Blob_dropped_in_a_container_is_processed_once_per_version()
    {
        var container = new BlobContainerClient(connectionString, SampleFunctions.DropContainer);
        await container.CreateIfNotExistsAsync();
        var folder = "f" + Guid.NewGuid().ToString("N");
        await container.UploadBlobAsync($"{folder}/first.json", BinaryData.FromString("v1"));

        await Eventually.HoldsAsync(() => recorder.Blobs.Contains($"{folder}|first.json|v1"),
            because: "the blob is processed");
        // Several polls later it has still been processed exactly once.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Single(recorder.Blobs, b => b.StartsWith(folder + "|"));

        // A new version of the same blob is a new input.
        await container.GetBlobClient($"{folder}/first.json").UploadAsync(BinaryData.FromString("v2"), overwrite: true);
        await Eventually.HoldsAsync(() => recorder.Blobs.Contains($"{folder}|first.json|v2"),
            because: "the new version is processed");
        Assert.Equal(2, recorder.Blobs.Count(b => b.StartsWith(folder + "|")));
    }
}
