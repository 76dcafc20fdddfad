using Docket.Client;
using Docket.Contracts;
using Docket.FaultHost;
using Docket.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Client;

/// <summary>
/// Bulk calls answer every task with its outcome (changed, unchanged, refused or failed, with the reason); a partial
/// success (207) is an answer, not an error. Storage refuses the batches of one task (study04) to make it fail.
/// </summary>
public sealed class BulkOutcomeClientTests : IAsyncLifetime
{
    readonly StorageFaults faults = new();
    RunningHost host = null!;

    public async Task InitializeAsync() =>
        host = await DocketHost.StartAsync(services: s => s.AddSingleton(faults.AsStoragePolicy()));

    public async Task DisposeAsync() => await host.DisposeAsync();

    static string Id(string name) => TaskIds.FromName(name);

    async Task<ClientWorld> WorldAsync(string prefix)
    {
        var world = await ClientWorld.CreateAsync(prefix, host: host);
        await world.UploadSampleAsync();
        return world;
    }

    /// <summary>Runs <paramref name="call"/> while storage refuses every batch that writes study04.</summary>
    async Task<T> WithStudy04FailingAsync<T>(Func<Task<T>> call)
    {
        faults.Add(m => StorageFaults.IsBatch(m) && StorageFaults.BodyContains(m, Id("study04")),
            StorageFault.Refuse, int.MaxValue);
        try
        {
            return await call();
        }
        finally
        {
            faults.Clear();
        }
    }

    static void AssertFailed(IBulkOutcome outcome)
    {
        Assert.Equal((Id("study04"), "failed"), (outcome.TaskId, outcome.Outcome));
        Assert.False(string.IsNullOrEmpty(outcome.Error));
    }

    [Fact]
    public async Task Assigning_answers_each_task_changed_refused_or_failed_and_unchanged_when_asked_again()
    {
        var world = await WorldAsync("cli-bulk-as");
        await world.StartMoveThatNeverAppliesAsync(Id("study03"));

        var outcomes = await WithStudy04FailingAsync(() => world.Admin.AssignTasksAsync(world.ProjectId,
            [Id("study02"), Id("study03"), Id("study04")], ClientWorld.LenaEmail));
        var again = await world.Admin.AssignTasksAsync(world.ProjectId, [Id("study02"), Id("study04")],
            ClientWorld.LenaEmail);

        Assert.Equal([Id("study02"), Id("study03"), Id("study04")], outcomes.Select(o => o.TaskId));
        Assert.Equal(("study02", "Label", "changed", (string?)null), (outcomes[0].Name, outcomes[0].StageName,
            outcomes[0].Outcome, outcomes[0].Error));
        Assert.Equal((Id("study03"), "refused"), (outcomes[1].TaskId, outcomes[1].Outcome));
        Assert.Contains("moving", outcomes[1].Error);
        AssertFailed(outcomes[2]);
        Assert.Equal(["unchanged", "changed"], again.Select(o => o.Outcome));
        Assert.Equal(ClientWorld.LenaEmail, (await world.Admin.GetTaskAsync(world.ProjectId, Id("study04"))).Assignee);
    }

    [Fact]
    public async Task Setting_priorities_answers_each_task_with_the_stored_value_and_its_outcome()
    {
        var world = await WorldAsync("cli-bulk-pr");

        var outcomes = await WithStudy04FailingAsync(() => world.Admin.SetPrioritiesAsync(world.ProjectId,
        [
            new PriorityChange(Id("study02"), 0.5m), new PriorityChange(Id("study03"), 0.1234567895m),
            new PriorityChange(Id("study04"), 0.25m),
        ]));

        Assert.Equal([Id("study02"), Id("study03"), Id("study04")], outcomes.Select(o => o.TaskId));
        Assert.Equal((0.5m, "unchanged"), (outcomes[0].Priority!.Value, outcomes[0].Outcome));
        // More than nine decimals: the server rounds to the billionth, half to even.
        Assert.Equal((0.12345679m, "changed"), (outcomes[1].Priority!.Value, outcomes[1].Outcome));
        AssertFailed(outcomes[2]);
        Assert.Null(outcomes[2].Priority);
        Assert.Null((await world.Admin.GetTaskAsync(world.ProjectId, Id("study04"))).Priority);
    }

    [Fact]
    public async Task Moving_answers_each_task_changed_or_failed()
    {
        var world = await WorldAsync("cli-bulk-mv");

        var outcomes = await WithStudy04FailingAsync(() => world.Admin.MoveTasksAsync(world.ProjectId,
            [Id("study02"), Id("study04")], "Review_1"));

        Assert.Equal(("study02", "Label", "Review_1", "changed"), (outcomes[0].Name!, outcomes[0].FromStage!,
            outcomes[0].ToStage!, outcomes[0].Outcome!));
        AssertFailed(outcomes[1]);
        Assert.Null((await world.Admin.GetTaskAsync(world.ProjectId, Id("study04"))).PendingMove);
    }
}
