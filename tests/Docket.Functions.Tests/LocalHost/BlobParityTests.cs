using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost;
using Docket.LocalHost.Triggers;

namespace Docket.Functions.Tests.LocalHost;

/// <summary>Blob triggers with Source = EventGrid, delivered and retried as the blob extension does.</summary>
[Collection(SampleHostCollection.Name)]
public sealed class BlobParityTests
{
    const string GridContainer = "sample-grid";

    static async Task<BlobContainerClient> ContainerAsync(string name)
    {
        var container = new BlobContainerClient(await TestStorage.ConnectionStringAsync(), name);
        await container.CreateIfNotExistsAsync();
        return container;
    }

    [Fact]
    public async Task Blobs_created_after_start_are_delivered_once_and_blobs_that_were_there_before_are_not()
    {
        var container = await ContainerAsync(GridContainer);
        var folder = "f" + Guid.NewGuid().ToString("N");
        await container.UploadBlobAsync($"{folder}/before.json", BinaryData.FromString("old"));

        await using var host = await SampleHost.StartAsync();
        await container.UploadBlobAsync($"{folder}/after.json", BinaryData.FromString("new"));

        await Eventually.HoldsAsync(() => host.Recorder.GridBlobs.Contains($"{folder}/after.json|new"),
            TimeSpan.FromSeconds(60), "the blob created after start is delivered");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // several polls later
        Assert.Single(host.Recorder.GridBlobs, b => b.StartsWith(folder + "/"));
    }

    [Fact]
    public async Task The_container_named_by_a_setting_in_the_path_is_the_one_watched()
    {
        var container = await ContainerAsync("sample-grid-other");
        await using var host = await SampleHost.StartAsync(settings: new Dictionary<string, string?>
        {
            [SampleFunctions.GridContainerSetting] = container.Name,
        });
        var name = Guid.NewGuid().ToString("N");
        await container.UploadBlobAsync(name, BinaryData.FromString("x"));

        await Eventually.HoldsAsync(() => host.Recorder.GridBlobs.Contains($"{name}|x"), TimeSpan.FromSeconds(60),
            "the blob in the container the setting names is delivered");
    }

    [Fact]
    public async Task A_failing_blob_is_tried_max_dequeue_count_times_then_reported_on_the_blob_trigger_poison_queue()
    {
        var container = await ContainerAsync(SampleFunctions.FailingGridContainer);
        await using var host = await SampleHost.StartAsync();
        var name = Guid.NewGuid().ToString("N");
        await container.UploadBlobAsync(name, BinaryData.FromString("doomed"));

        var poison = new QueueClient(await TestStorage.ConnectionStringAsync(), BlobTriggerMessage.PoisonQueue,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var reported = await Eventually.HoldsAsync(async () => (await poison.ExistsAsync()).Value
                ? (await poison.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToArray()
                : [],
            bodies => bodies.Any(b => b.Contains(name)), TimeSpan.FromSeconds(20), "the blob is reported as poison");

        var message = reported.Single(b => b.Contains(name));
        Assert.Contains(nameof(SampleFunctions.OnFailingGridDrop), message);
        Assert.Contains(SampleFunctions.FailingGridContainer, message);
        Assert.Equal(3, host.Recorder.FailingBlobAttempts.Count(n => n == name));
    }

    [Fact]
    public async Task No_more_blobs_run_at_once_than_max_degree_of_parallelism_and_a_long_run_keeps_its_lease()
    {
        var container = await ContainerAsync(GridContainer);
        // Each blob runs longer than the 2-second lease: only renewals keep it from being delivered again.
        await using var host = await SampleHost.StartAsync(
            recorder: new SampleRecorder { GridBlobDuration = TimeSpan.FromSeconds(3) },
            settings: new Dictionary<string, string?> { [LocalFunctionsHost.QueueLeaseSetting] = "00:00:02" });
        var folder = "p" + Guid.NewGuid().ToString("N");
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            container.UploadBlobAsync($"{folder}/{i}.json", BinaryData.FromString(i.ToString()))));

        await Eventually.HoldsAsync(() => host.Recorder.GridBlobs.Count(b => b.StartsWith(folder)) == 5,
            TimeSpan.FromSeconds(30), "every blob is processed");
        Assert.InRange(host.Recorder.GridBlobsMostAtOnce, 1, 2);
        Assert.Equal(5, host.Recorder.GridBlobs.Count(b => b.StartsWith(folder)));
    }
}
