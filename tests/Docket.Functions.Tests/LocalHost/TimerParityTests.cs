using Azure.Storage.Blobs;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Triggers;

namespace Docket.Functions.Tests.LocalHost;

/// <summary>Timers across instances: one run of a schedule at a time; runs missed while no instance was up.</summary>
[Collection(SampleHostCollection.Name)]
public sealed class TimerParityTests
{
    [Fact]
    public async Task Two_instances_of_one_app_share_a_schedule_each_occurrence_running_once_and_recorded()
    {
        // A recorder per instance, one gate for both: an overlap between them shows on the gate.
        var gate = new TimerGate();
        await using var first = await SampleHost.StartAsync(recorder: new SampleRecorder { Timers = gate });
        await using var second = await SampleHost.StartAsync(recorder: new SampleRecorder { Timers = gate });

        await Eventually.HoldsAsync(
            () => first.Recorder.TimerOccurrences.Count >= 2 && second.Recorder.TimerOccurrences.Count >= 2,
            TimeSpan.FromSeconds(90), "the every-second schedule runs on each of the two instances");

        Assert.Equal(0, gate.Overlaps);
        var occurrences = first.Recorder.TimerOccurrences.Concat(second.Recorder.TimerOccurrences).ToList();
        Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
        // After a run its occurrence is recorded where every instance reads it.
        var container = new BlobContainerClient(await TestStorage.ConnectionStringAsync(), ScheduleLock.HostContainer);
        var status = (await container.GetBlobClient($"timers/sample-functions/{nameof(SampleFunctions.Tick)}/status")
            .DownloadContentAsync()).Value.Content.ToObjectFromJson<RecordedStatus>()!;
        Assert.True(status.Last >= occurrences.Min().AddSeconds(-1),
            $"status Last {status.Last:o}, first run for {occurrences.Min():o}");
    }

    sealed record RecordedStatus(DateTime Last, DateTime Next, DateTime LastUpdated);

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
