using System.Net;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Events;

/// <summary>
/// A host on an Azurite of its own: a page of the feed is a range query per shard, which Azurite answers by scanning
/// its whole table, and the run's shared table grows to hundreds of thousands of rows; polling it would starve
/// every other test of Azurite's one thread.
/// </summary>
public sealed class EventFeedWorld : IAsyncLifetime
{
    AzuriteProcess? azurite;

    public RunningHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        Host = await DocketHost.StartAsync(storageConnectionString: azurite.ConnectionString,
            queueAndBlobTriggers: true);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await azurite!.DisposeAsync();
    }
}

/// <summary>
/// The event feed, through real changes: every committed change's events once, each task's in the order of its
/// changes, resumable from any cursor; refusals for altered cursors, unknown types and members.
/// </summary>
public sealed class EventFeedTests(EventFeedWorld world) : IClassFixture<EventFeedWorld>
{
    /// <summary>
    /// Reads the feed from <paramref name="cursor"/> page by page until <paramref name="done"/> holds for what was
    /// read (the feed stays a few seconds behind the present, so an empty page means "ask again").
    /// </summary>
    static async Task<(List<DocketEvent> Events, string Cursor)> ReadUntilAsync(DocketClient admin, string projectId,
        string? cursor, Func<List<DocketEvent>, bool> done, IEnumerable<string>? types = null, int limit = 50)
    {
        var events = new List<DocketEvent>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var page = await admin.GetEventsAsync(projectId, cursor, types, limit);
            Assert.True(page.Events.Count <= limit);
            events.AddRange(page.Events);
            cursor = page.NextCursor;
            if (page.Events.Count > 0) continue;
            if (done(events)) return (events, cursor);
            Assert.True(DateTime.UtcNow < deadline,
                $"the feed did not show what was expected in time; read: {string.Join(", ", events.Select(Describe))}");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    static string Describe(DocketEvent e) => $"{e.Task?.Name ?? e.Upload?.UploadId}:{e.Type}";

    static string[] TypesOf(IEnumerable<DocketEvent> events, string name) =>
        events.Where(e => e.Task!.Name == name).Select(e => e.Type).ToArray();

    [Fact]
    public async Task Every_committed_change_is_in_the_feed_once_each_tasks_events_in_the_order_of_its_changes()
    {
        var scenario = await Scenario.StartAsync(world.Host);
        var projectId = Scenario.UniqueId("feed");
        await scenario.ProjectAsync(projectId, reviewStages: 1, new { queueSize = 2 });
        var labeler = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("labeler"), "Member", ["Label"]);
        var admin = scenario.OrgAdmin.Docket;
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a", "0.5"), Items.Entry("b")]);

        await labeler.Docket.NextAsync(projectId, "Label"); // a and b
        await labeler.Docket.SaveTaskAsync(projectId, ids["a"]); // saving sends nothing out
        await labeler.Docket.SubmitTaskAsync(projectId, ids["a"]);
        await labeler.Docket.FinalizeTaskAsync(projectId, ids["a"]);
        await admin.SetPrioritiesAsync(projectId, [new PriorityChange(ids["b"], 0.75m)]);
        await labeler.Docket.RaiseIssueAsync(projectId, ids["b"], "blurry");
        await admin.ResolveIssueAsync(projectId, ids["b"]);

        string[] expectedA = ["task.created", "task.assigned", "task.submitted", "task.finalized",
            "task.entered_stage"];
        string[] expectedB = ["task.created", "task.assigned", "task.priority_changed", "task.issue_raised",
            "task.issue_resolved"];
        var (events, _) = await ReadUntilAsync(admin, projectId, null,
            read => TypesOf(read, "a").Length >= expectedA.Length && TypesOf(read, "b").Length >= expectedB.Length,
            limit: 3);

        Assert.Equal(expectedA, TypesOf(events, "a"));
        Assert.Equal(expectedB, TypesOf(events, "b"));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.All(events, e => Assert.Equal(projectId, e.ProjectId));
        foreach (var name in new[] { "a", "b" })
        {
            // Ids are "{taskId}.{version}.{n}": a task's events come in the order of its versions.
            var versions = events.Where(e => e.Task!.Name == name).Select(e => long.Parse(e.Id.Split('.')[1],
                System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(versions.Order(), versions);
        }
        // Each event carries the task as its change left it.
        var entered = Assert.Single(events, e => e.Type == "task.entered_stage");
        Assert.Equal(("Review_1", "UNASSIGNED"), (entered.Task!.StageName, entered.Task!.Status));
        Assert.Equal(0.75m, Assert.Single(events, e => e.Type == "task.priority_changed").Task!.Priority);
        Assert.Equal("Label", Assert.Single(events, e => e.Type == "task.finalized").Task!.PendingMove?.FromStage);
    }

    [Fact]
    public async Task A_consumer_going_on_from_its_cursor_gets_only_what_came_after_and_a_type_filter_only_its_types()
    {
        var scenario = await Scenario.StartAsync(world.Host);
        var projectId = Scenario.UniqueId("feed-resume");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var admin = scenario.OrgAdmin.Docket;
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            Enumerable.Range(0, 7).Select(i => Items.Entry($"t{i}")));
        var (created, cursor) = await ReadUntilAsync(admin, projectId, null, read => read.Count >= 7, limit: 2);
        Assert.Equal(ids.Keys.Order(), created.Select(e => e.Task!.Name).Order());
        Assert.All(created, e => Assert.Equal("task.created", e.Type));

        await admin.SetPrioritiesAsync(projectId, [new PriorityChange(ids["t3"], 0.5m)]);
        await admin.MoveTasksAsync(projectId, [ids["t5"]], "Ground Truth");

        // In commit order: the priority change, then the move (carried out by the queue after the request).
        var (after, _) = await ReadUntilAsync(admin, projectId, cursor, read => read.Count >= 3);
        Assert.Equal(["t3:task.priority_changed", "t5:task.entered_stage", "t5:task.completed"],
            after.Select(Describe));
        var (completed, _) = await ReadUntilAsync(admin, projectId, null, read => read.Count >= 1,
            types: ["task.completed"]);
        Assert.Equal("t5:task.completed", Describe(Assert.Single(completed)));
    }

    [Fact]
    public async Task An_altered_cursor_another_types_cursor_an_unknown_type_and_a_member_are_refused()
    {
        var scenario = await Scenario.StartAsync(world.Host);
        var projectId = Scenario.UniqueId("feed-refuse");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var member = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("member"), "Member", ["Label"]);
        var admin = scenario.OrgAdmin.Docket;
        var cursor = (await admin.GetEventsAsync(projectId)).NextCursor;
        var altered = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];

        foreach (var (call, field) in new (Func<Task>, string)[]
                 {
                     (() => admin.GetEventsAsync(projectId, altered), "after"),
                     (() => admin.GetEventsAsync(projectId, cursor, ["task.completed"]), "after"),
                     (() => admin.GetEventsAsync(projectId, types: ["task.exploded"]), "types"),
                     (() => admin.GetEventsAsync(projectId, limit: 501), "limit"),
                 })
        {
            var refused = await Assert.ThrowsAsync<DocketApiException>(call);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal(field, Assert.Single(refused.Errors).Field);
        }
        var forbidden = await Assert.ThrowsAsync<DocketApiException>(() => member.Docket.GetEventsAsync(projectId));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
    }
}
