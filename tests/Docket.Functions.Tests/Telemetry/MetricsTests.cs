using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Telemetry;

/// <summary>
/// The instruments of meter "Docket" record what happens, with the tags the README names: a host of its own (on an
/// Azurite of its own, queue triggers and fast sweeps on) runs a small project while a MeterListener listens to that
/// host's meter only.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Next_claims_conflicts_uploads_stage_moves_queue_depths_and_moves_are_recorded_with_their_tags()
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var host = await DocketHost.StartAsync(storageConnectionString: azurite.ConnectionString,
            queueAndBlobTriggers: true, overrides: new Dictionary<string, string?>
            {
                ["Docket:SweepSchedule"] = "*/2 * * * * *",
            });
        using var recorded = new RecordedMeasurements(host);
        bool Seen(string instrument, params (string Key, string Value)[] tags) => recorded.Seen(instrument, tags);

        var scenario = await Scenario.StartAsync(host);
        var admin = scenario.OrgAdmin;
        var projectId = Scenario.UniqueId("metrics");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var labeler = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("labeler"), "Member", ["Label"]);
        var others = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            scenario.MemberAsync(projectId, Scenario.UniqueEmail($"other{i}"), "Member", ["Label"])));
        var ids = await Items.UploadNamesAsync(admin, projectId, 4);
        Assert.Contains(recorded.All, m => m.Instrument == "docket.upload.tasks" && m.Value == 4);

        // The queue size is 1 by default: next claims one task, the head of the queue.
        var first = (await labeler.Docket.NextAsync(projectId, "Label"))!;
        Assert.True(Seen("docket.next.duration", ("stage_kind", "Label"), ("outcome", "task")));
        Assert.True(Seen("docket.claims", ("outcome", "claimed")));
        Assert.Contains(recorded.All, m => m.Instrument == "docket.claim.attempts" && m.Value >= 1);

        // Admins assigning one task to different people at once: all but one write loses to another and re-reads.
        var contested = ids.Values.First(id => id != first.TaskId);
        for (var round = 0; round < 20 && !Seen("docket.storage.conflicts", ("operation", "task-update")); round++)
            await Task.WhenAll(others.Select(async (_, i) => await admin.Docket.AssignTasksAsync(projectId,
                [contested], (await others[i].Docket.GetMeAsync()).Email)));
        Assert.True(Seen("docket.storage.conflicts", ("operation", "task-update")));

        await labeler.Docket.FinalizeTaskAsync(projectId, first.TaskId);
        await Eventually.HoldsAsync(() => Seen("docket.stage_moves", ("outcome", "applied")),
            TimeSpan.FromSeconds(90), "the stage move is applied by the queue trigger");
        Assert.Contains(recorded.All, m => m.Instrument == "docket.stage_move.lag" && m.Value >= 0);

        // Someone with no stage of the kind: nothing to hand out.
        var reviewer = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("reviewer"), "Member",
            ["Review_1"]);
        await reviewer.Docket.NextAsync(projectId, Docket.Contracts.StageKind.Review);
        await reviewer.Docket.NextAsync(projectId, Docket.Contracts.StageKind.Review);
        Assert.True(Seen("docket.next.duration", ("stage_kind", "Review")));

        // The gauges report what the sweep and the queue observation last saw, read when the listener asks.
        await Eventually.HoldsAsync(() =>
        {
            recorded.Observe();
            return Seen("docket.queue.depth", ("queue", "stage-moves"))
                && Seen("docket.queue.poison_depth", ("queue", "stage-moves"))
                && Seen("docket.moves.pending", ("project", projectId))
                && Seen("docket.moves.stuck", ("project", projectId));
        }, TimeSpan.FromSeconds(90), "the sweep timers observe the queues and the project's moves");
    }
}
