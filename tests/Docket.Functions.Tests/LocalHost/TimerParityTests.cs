using Azure.Storage.Blobs;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Triggers;

namespace Docket.Functions.Tests.LocalHost;

/// <summary>Timers across instances: one run of a schedule at a time; runs missed while no instance was up.</summary>
[Collection(SampleHostCollection.Name)]
public sealed class TimerParityTests
{
    [Fact]
    public async Task Two_instances_of_one_app_never_run_the_same_schedule_at_once()
    {
        // One recorder for both instances: an overlap between them shows as an overlap here.
        var recorder = new SampleRecorder();
        await using var first = await SampleHost.StartAsync(recorder: recorder);
        await using var second = await SampleHost.StartAsync(recorder: recorder);

        await Eventually.HoldsAsync(() => recorder.TimerRuns.Count >= 4, TimeSpan.FromSeconds(45),
            "the every-second schedule keeps running on the two instances");
        Assert.Equal(0, recorder.TimerOverlaps);
    }

    [Fact]
    public async Task A_run_missed_while_no_instance_was_up_runs_at_start_up_as_past_due()
    {
        // What an instance that stopped ten minutes ago left: its last run, and the next one, which nobody ran.
        var now = DateTime.UtcNow;
        var last = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute / 5 * 5, 0, DateTimeKind.Utc)
            .AddMinutes(-10);
        var container = new BlobContainerClient(await TestStorage.ConnectionStringAsync(), ScheduleLock.HostContainer);
        await container.CreateIfNotExistsAsync();
        var status = new { Last = last, Next = last.AddMinutes(5), LastUpdated = last };
        await container.GetBlobClient($"timers/sample-functions/{nameof(SampleFunctions.Monitored)}/status")
            .UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true);

        await using var host = await SampleHost.StartAsync(settings: new Dictionary<string, string?>
        {
            [SampleFunctions.MonitoredScheduleSetting] = "0 */5 * * * *",
        });

        await Eventually.HoldsAsync(() => host.Recorder.MonitoredRuns.Contains(true), TimeSpan.FromSeconds(60),
            "the missed run happens at start-up, flagged past due");
        Assert.True(host.Recorder.MonitoredRuns.First());
    }
}
