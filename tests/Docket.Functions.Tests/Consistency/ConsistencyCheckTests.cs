using System.Net;
using Azure;
using Azure.Data.Tables;
using Docket.Application.Consistency;
using Docket.Application.Stats;
using Docket.Application.Tasks;
using Docket.Client;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Functions.Tests.Infrastructure;
using Docket.Storage.Consistency;
using Docket.Storage.Counters;
using Docket.Storage.Jobs;
using Docket.Storage.Keys;
using Docket.Storage.Projects;
using Docket.Storage.Tasks;
using Microsoft.Extensions.DependencyInjection;
using MyProject = Docket.Contracts.MyProject;
using PriorityChange = Docket.Contracts.PriorityChange;
using ProjectCheck = Docket.Contracts.ProjectCheck;
using ReviewDecision = Docket.Contracts.ReviewDecision;

namespace Docket.Functions.Tests.Consistency;

/// <summary>
/// The consistency check against rows broken on purpose, straight through a TableClient: each broken invariant is
/// reported by its name, repair fixes what is safe (and only that), and a repaired project checks clean.
/// </summary>
public sealed class ConsistencyCheckTests : IAsyncLifetime
{
    Scenario scenario = null!;
    TableServiceClient storage = null!;

    public async Task InitializeAsync()
    {
        scenario = await Scenario.StartAsync();
        storage = new TableServiceClient(await TestStorage.ConnectionStringAsync());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    TableClient Tasks => storage.GetTableClient("Tasks");
    TableClient Queues => storage.GetTableClient("Queues");
    TableClient Members => storage.GetTableClient("Members");

    static readonly TimeSpan PastGrace = ConsistencyCheck.OrphanGrace + TimeSpan.FromSeconds(10);

    /// <summary>A problem as the report names it.</summary>
    sealed record Found(string Invariant, string? TaskId, bool Repaired);

    sealed record Setup(
        Scenario Scenario, Project Project, Dictionary<string, string> Ids, string Labeler, ApiClient Member)
    {
        public string ProjectId => Project.ProjectId;
        public string Api => $"api/projects/{ProjectId}";
        public string Id(string name) => Ids[name];
    }

    /// <summary>A host of the test's own, whose clock it moves past the grace period (rows keep storage's time).
    /// </summary>
    static async Task<(RunningHost Host, Scenario Scenario, ShiftableClock Clock)> AgingHostAsync()
    {
        var clock = new ShiftableClock();
        var host = await DocketHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        return (host, await Scenario.StartAsync(host), clock);
    }

    /// <summary>A project with a pooled task ("pooled") and one held by a labeler ("held").</summary>
    async Task<Setup> ProjectAsync(Scenario? on = null)
    {
        var scenario = on ?? this.scenario;
        var projectId = Scenario.UniqueId("check");
        await scenario.ProjectAsync(projectId, reviewStages: 1, new { queueSize = 2 });
        var labeler = Scenario.UniqueEmail("labeler");
        var member = await scenario.MemberAsync(projectId, labeler, "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("pooled", "0.5"), Items.Entry("held", null, new { Label = labeler })]);
        var projects = scenario.Host.Services.GetRequiredService<ProjectStore>();
        var project = (await projects.GetAsync(projectId, CancellationToken.None))!;
        return new Setup(scenario, project, ids, labeler, member);
    }

    static Task<ProjectCheck> CheckAsync(Setup setup, bool repair = false) =>
        setup.Scenario.OrgAdmin.Docket.CheckProjectAsync(setup.ProjectId, repair);

    static async Task<Found[]> ProblemsAsync(Setup setup, bool repair = false) =>
        ProblemsOf(await CheckAsync(setup, repair));

    static Found[] ProblemsOf(ProjectCheck report) =>
        report.Problems.Select(p => new Found(p.Invariant, p.TaskId, p.Repaired))
            .OrderBy(p => p.Invariant, StringComparer.Ordinal).ThenBy(p => p.TaskId ?? "", StringComparer.Ordinal)
            .ToArray();

    async Task<TableEntity> TaskRowAsync(Setup setup, string name) =>
        (await Tasks.GetEntityAsync<TableEntity>(TaskRows.PartitionOf(setup.Project, setup.Id(name)),
            TaskKeys.TaskRow(setup.Id(name)))).Value;

    /// <summary>The task's index rows of one family ("p", "m", …) in its shard.</summary>
    async Task<List<TableEntity>> IndexRowsAsync(Setup setup, string name, string family)
    {
        var partition = TaskRows.PartitionOf(setup.Project, setup.Id(name));
        var rows = new List<TableEntity>();
        await foreach (var row in Tasks.QueryAsync<TableEntity>(e => e.PartitionKey == partition))
            if (row.RowKey.StartsWith(family + "|", StringComparison.Ordinal) &&
                row.GetString("TaskId") == setup.Id(name))
                rows.Add(row);
        return rows;
    }

    async Task<List<TableEntity>> QueueRowsAsync(Setup setup, string email)
    {
        var partition = TaskKeys.QueuePartition(setup.ProjectId, email);
        var rows = new List<TableEntity>();
        await foreach (var row in Queues.QueryAsync<TableEntity>(e => e.PartitionKey == partition)) rows.Add(row);
        return rows;
    }

    /// <summary>The ETags of every task row of the project: repairs must never write one.</summary>
    async Task<Dictionary<string, ETag>> TaskRowETagsAsync(Setup setup)
    {
        var etags = new Dictionary<string, ETag>();
        for (var shard = 0; shard < setup.Project.ShardCount; shard++)
        {
            var partition = TaskKeys.Partition(setup.ProjectId, shard);
            await foreach (var row in Tasks.QueryAsync<TableEntity>(e => e.PartitionKey == partition))
                if (row.RowKey.StartsWith(TaskKeys.TaskRowPrefix, StringComparison.Ordinal))
                    etags[row.PartitionKey + row.RowKey] = row.ETag;
        }
        return etags;
    }

    static TableEntity StrayQueueRow(Setup setup, string name) =>
        new(TaskKeys.QueuePartition(setup.ProjectId, setup.Labeler), $"0|0|0500000000|0|{setup.Id(name)}|stray")
        {
            ["TaskId"] = setup.Id(name),
            ["Shard"] = 0,
        };

    [Fact]
    public async Task A_healthy_project_after_a_mixed_workload_checks_clean_and_counts_every_task_once()
    {
        var projectId = Scenario.UniqueId("healthy");
        await scenario.ProjectAsync(projectId, reviewStages: 1, new { queueSize = 3 });
        var labelerEmail = Scenario.UniqueEmail("labeler");
        var reviewerEmail = Scenario.UniqueEmail("reviewer");
        var labeler = await scenario.MemberAsync(projectId, labelerEmail, "Member", ["Label"]);
        var reviewer = await scenario.MemberAsync(projectId, reviewerEmail, "Member", ["Review_1"]);
        var admin = scenario.OrgAdmin.Docket;
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
        [
            Items.Entry("pre", "0.9", new { Label = labelerEmail, Review_1 = reviewerEmail }),
            Items.Entry("a", "0.8"), Items.Entry("b", "0.7"), Items.Entry("c"), Items.Entry("d"), Items.Entry("e"),
            Items.Entry("f"),
        ]);
        var work = labeler.Docket;

        await work.NextAsync(projectId, "Label"); // pre, a, b
        await work.SaveTaskAsync(projectId, ids["a"]);
        await work.SkipTaskAsync(projectId, ids["b"]);
        await work.SubmitTaskAsync(projectId, ids["a"]);
        await work.RaiseIssueAsync(projectId, ids["b"], "blurry");
        await work.FinalizeTaskAsync(projectId, ids["pre"]);
        await admin.SetPrioritiesAsync(projectId, [new PriorityChange(ids["c"], 0.3m)]);
        await admin.AssignTasksAsync(projectId, [ids["d"]], labelerEmail);
        await admin.MoveTasksAsync(projectId, [ids["e"]], "Ground Truth");
        await admin.ResolveIssueAsync(projectId, ids["b"]);
        await Eventually.HoldsAsync(() => admin.GetTaskAsync(projectId, ids["pre"]),
            t => t.StageName == "Review_1" && t.PendingMove is null, because: "pre is in review");
        await reviewer.Docket.FinalizeTaskAsync(projectId, ids["pre"], ReviewDecision.Reject);
        var report = await Eventually.HoldsAsync(() => admin.CheckProjectAsync(projectId),
            r => r.PendingMoves == 0, because: "the moves are done");

        Assert.Empty(ProblemsOf(report));
        Assert.Equal(7, report.Tasks);
        var counts = report.Counts.ToDictionary(c => $"{c.Stage}/{c.Status}", c => c.Tasks);
        Assert.Equal(new Dictionary<string, int>
        {
            ["Label/UNASSIGNED"] = 2,
            ["Label/ASSIGNED"] = 3,
            ["Label/STAGED"] = 1,
            ["Ground Truth/COMPLETED"] = 1,
        }, counts);
    }

    [Fact]
    public async Task A_missing_pool_row_is_reported_and_repair_recreates_it_once_so_the_task_can_be_claimed_again()
    {
        var setup = await ProjectAsync();
        var pool = Assert.Single(await IndexRowsAsync(setup, "pooled", "p"));
        await Tasks.DeleteEntityAsync(pool.PartitionKey, pool.RowKey);
        var taskRows = await TaskRowETagsAsync(setup);

        Assert.Equal([new Found("index-row-missing", setup.Id("pooled"), false)], await ProblemsAsync(setup));
        var repaired = await CheckAsync(setup, repair: true);
        Assert.Equal([new Found("index-row-missing", setup.Id("pooled"), true)], ProblemsOf(repaired));
        Assert.Equal(1, repaired.RepairedCount);

        Assert.Empty(await ProblemsAsync(setup, repair: true));
        Assert.Equal(pool.RowKey, Assert.Single(await IndexRowsAsync(setup, "pooled", "p")).RowKey);
        Assert.Equal(taskRows, await TaskRowETagsAsync(setup));
        await setup.Member.Docket.NextAsync(setup.ProjectId, "Label");
        var queue = await setup.Member.Docket.GetQueueAsync(setup.ProjectId, "Label");
        Assert.Contains(setup.Id("pooled"), queue.Tasks.Select(t => t.TaskId));
    }

    [Fact]
    public async Task A_task_written_before_listing_rows_existed_is_reported_not_indexed_and_repair_indexes_it()
    {
        var setup = await ProjectAsync();
        // As a task written before listing and counter rows existed: none of either, and no Indexed mark. The
        // shard's other tasks keep theirs, so its counters count only them.
        var row = await TaskRowAsync(setup, "pooled");
        foreach (var listing in await IndexRowsAsync(setup, "pooled", "l"))
            await Tasks.DeleteEntityAsync(listing.PartitionKey, listing.RowKey);
        await RemoveFromCountersAsync(setup, "pooled");
        row.Remove("Indexed");
        await Tasks.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        Assert.Equal([new Found("task-not-indexed", setup.Id("pooled"), false)], await ProblemsAsync(setup));
        Assert.Equal([new Found("task-not-indexed", setup.Id("pooled"), true)],
            await ProblemsAsync(setup, repair: true));

        Assert.Empty(await ProblemsAsync(setup));
        Assert.NotEmpty(await IndexRowsAsync(setup, "pooled", "l"));
        var page = await setup.Scenario.OrgAdmin.Docket.ListTasksAsync(setup.ProjectId,
            new TaskQuery { Search = TaskSearch.Unassigned });
        Assert.Contains(setup.Id("pooled"), page.Tasks.Select(t => t.TaskId));
    }

    [Fact]
    public async Task Counters_that_do_not_add_up_are_reported_and_never_repaired()
    {
        var setup = await ProjectAsync();
        var partition = TaskRows.PartitionOf(setup.Project, setup.Id("pooled"));
        // A change row no task write made: one more task in Label/COMPLETED than there is.
        await Tasks.AddEntityAsync(CounterIndex.ChangeEntity(partition,
            [(new CounterKey(0, AnnotationTaskStatus.Completed, null), 1)], DateTimeOffset.UtcNow)!);

        var found = await ProblemsAsync(setup);
        var repaired = await ProblemsAsync(setup, repair: true);

        Assert.Equal([new Found("counters-differ", null, false)], found);
        Assert.Equal([new Found("counters-differ", null, false)], repaired);
    }

    [Fact]
    public async Task A_project_in_use_checks_clean_while_its_tasks_are_claimed_saved_and_skipped()
    {
        var setup = await ProjectAsync();
        await Items.UploadNamesAsync(setup.Scenario.OrgAdmin, setup.ProjectId, 40, "busy");
        var workers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            setup.Scenario.MemberAsync(setup.ProjectId, Scenario.UniqueEmail($"worker{i}"), "Member", ["Label"])));
        using var stop = new CancellationTokenSource();
        var work = workers.Select(worker => Task.Run(async () =>
        {
            var actions = 0;
            while (!stop.IsCancellationRequested)
            {
                // Refusals (a task skipped by another's action, a lost race) are part of the traffic.
                try
                {
                    if (await worker.Docket.NextAsync(setup.ProjectId, "Label") is not { } next) continue;
                    await (actions++ % 2 == 0
                        ? worker.Docket.SaveTaskAsync(setup.ProjectId, next.TaskId)
                        : worker.Docket.SkipTaskAsync(setup.ProjectId, next.TaskId));
                }
                catch (DocketApiException)
                {
                }
            }
            return actions;
        })).ToList();

        var reports = new List<ProjectCheck>();
        for (var i = 0; i < 3; i++) reports.Add(await CheckAsync(setup));
        stop.Cancel();
        var actions = (await Task.WhenAll(work)).Sum();

        Assert.True(actions > 0, "the workers did some work while the checks ran");
        Assert.All(reports, report => Assert.Empty(report.Problems));
        Assert.Empty(await ProblemsAsync(setup));
    }

    [Fact]
    public async Task Only_one_check_of_a_project_runs_at_a_time()
    {
        var setup = await ProjectAsync();
        var leases = setup.Scenario.Host.Services.GetRequiredService<JobLeases>();
        var (taken, _) = await leases.TryTakeAsync(setup.ProjectId, "check", "someone-else", TimeSpan.FromMinutes(1),
            CancellationToken.None);
        Assert.True(taken);

        using var busy = await setup.Scenario.OrgAdmin.GetAsync($"{setup.Api}/check");
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal("someone-else", (await busy.JsonAsync())!["checkId"]!.GetValue<string>());

        await leases.ReleaseAsync(setup.ProjectId, "check", "someone-else", CancellationToken.None);
        Assert.Empty(await ProblemsAsync(setup));
    }

    [Fact]
    public async Task A_check_that_runs_out_of_time_says_which_shard_is_next_and_goes_on_from_there()
    {
        var setup = await ProjectAsync();
        await Items.UploadNamesAsync(setup.Scenario.OrgAdmin, setup.ProjectId, 20, "parts");
        var check = setup.Scenario.Host.Services.GetRequiredService<ConsistencyCheck>();
        var whole = await check.RunAsync(setup.Project, repair: false, CancellationToken.None);

        // No time at all: each part checks one shard and names the next.
        var (tasks, next, parts) = (0, (int?)0, 0);
        while (next is { } from)
        {
            var part = await check.RunAsync(setup.Project, repair: false, CancellationToken.None, from,
                scanUntil: DateTimeOffset.MinValue);
            Assert.Empty(part.Problems);
            tasks += part.Tasks;
            next = part.NextShard;
            parts++;
        }

        Assert.Null(whole.NextShard);
        Assert.Equal((setup.Project.ShardCount, whole.Tasks), (parts, tasks));
        var rest = await setup.Scenario.OrgAdmin.Docket.CheckProjectAsync(setup.ProjectId,
            fromShard: setup.Project.ShardCount - 1);
        Assert.Null(rest.NextShard);
        using var outside = await setup.Scenario.OrgAdmin.GetAsync($"{setup.Api}/check?fromShard=99");
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
    }

    /// <summary>Takes a task out of its shard's counters, as if no write had ever counted it.</summary>
    async Task RemoveFromCountersAsync(Setup setup, string name)
    {
        var task = (await setup.Scenario.Host.Services.GetRequiredService<TaskReader>()
            .GetAsync(setup.Project, setup.Id(name), CancellationToken.None))!;
        await Tasks.AddEntityAsync(CounterIndex.ChangeEntity(TaskRows.PartitionOf(setup.Project, setup.Id(name)),
            [(TaskRows.CounterKeyOf(setup.Project, task.Task), -1)], DateTimeOffset.UtcNow)!);
    }

    [Fact]
    public async Task Next_meeting_a_pool_row_no_task_names_removes_it_instead_of_trying_it_until_the_deadline()
    {
        var setup = await ProjectAsync();
        // The pooled task's row is gone; its pool row stays, the best in the pool.
        var row = await TaskRowAsync(setup, "pooled");
        await Tasks.DeleteEntityAsync(row.PartitionKey, row.RowKey);

        // The labeler's queue holds "held"; topping it up to two meets only the orphan.
        var next = await setup.Member.WithoutRetries().Docket.NextAsync(setup.ProjectId, "Label");

        Assert.Equal(setup.Id("held"), next?.TaskId);
        Assert.Empty(await IndexRowsAsync(setup, "pooled", "p"));
    }

    [Fact]
    public async Task A_task_whose_index_rows_are_missing_can_still_be_written_and_ends_consistent()
    {
        var setup = await ProjectAsync();
        // Its pool row and its listing rows are gone (a failed repair, a hand edit): its next write must not take
        // the missing rows it deletes for a lost race.
        foreach (var (name, family) in new[] { ("pooled", "p"), ("pooled", "l"), ("held", "l") })
            foreach (var row in await IndexRowsAsync(setup, name, family))
                await Tasks.DeleteEntityAsync(row.PartitionKey, row.RowKey);

        var admin = setup.Scenario.OrgAdmin.WithoutRetries().Docket;
        var assigned = await admin.AssignTasksAsync(setup.ProjectId, [setup.Id("pooled")], setup.Labeler);
        Assert.Equal("changed", Assert.Single(assigned).Outcome);

        var priority = await admin.SetPrioritiesAsync(setup.ProjectId, [new PriorityChange(setup.Id("held"), 0.25m)]);
        Assert.Equal("changed", Assert.Single(priority).Outcome);

        // Rows the writes did not change (a listing row whose key the new state keeps) are still missing: the check
        // names them and repair re-creates them; nothing else is wrong.
        Assert.All(await ProblemsAsync(setup, repair: true), p => Assert.Equal("index-row-missing", p.Invariant));
        Assert.Empty(await ProblemsAsync(setup));
    }

    [Fact]
    public async Task A_listing_row_with_another_name_is_reported_and_repair_rewrites_it_so_the_name_filter_finds_it()
    {
        var setup = await ProjectAsync();
        var byName = new TaskQuery { Search = TaskSearch.Unassigned, NamePrefix = "pooled" };
        var listings = await IndexRowsAsync(setup, "pooled", "l");
        Assert.NotEmpty(listings);
        foreach (var listing in listings)
        {
            listing["Name"] = "renamed behind the task's back";
            await Tasks.UpdateEntityAsync(listing, listing.ETag, TableUpdateMode.Replace);
        }
        var found = await setup.Scenario.OrgAdmin.Docket.ListTasksAsync(setup.ProjectId, byName);
        Assert.Empty(found.Tasks);
        var taskRows = await TaskRowETagsAsync(setup);

        var differing = listings.Select(_ => new Found("index-row-differs", setup.Id("pooled"), false)).ToArray();
        Assert.Equal(differing, await ProblemsAsync(setup));
        Assert.Equal(differing.Select(d => d with { Repaired = true }), await ProblemsAsync(setup, repair: true));

        Assert.Empty(await ProblemsAsync(setup));
        Assert.Equal(taskRows, await TaskRowETagsAsync(setup));
        Assert.All(await IndexRowsAsync(setup, "pooled", "l"), row => Assert.Equal("pooled", row.GetString("Name")));
        found = await setup.Scenario.OrgAdmin.Docket.ListTasksAsync(setup.ProjectId, byName);
        Assert.Equal(setup.Id("pooled"), Assert.Single(found.Tasks).TaskId);
    }

    [Fact]
    public async Task A_missing_pending_move_row_is_reported_and_repair_recreates_it()
    {
        var setup = await ProjectAsync();
        // A move to a stage the project does not have stays pending.
        var updater = setup.Scenario.Host.Services.GetRequiredService<TaskUpdater>();
        await updater.UpdateAsync(setup.Project, setup.Id("pooled"),
            task => TaskTransitions.Send(task, "Nowhere", DocketHost.AdminEmail, "move-1", DateTimeOffset.UtcNow),
            cancellationToken: CancellationToken.None);
        var move = Assert.Single(await IndexRowsAsync(setup, "pooled", "m"));
        await Tasks.DeleteEntityAsync(move.PartitionKey, move.RowKey);

        Assert.Equal([new Found("index-row-missing", setup.Id("pooled"), false)], await ProblemsAsync(setup));
        Assert.Equal([new Found("index-row-missing", setup.Id("pooled"), true)],
            await ProblemsAsync(setup, repair: true));

        var after = await CheckAsync(setup);
        Assert.Empty(ProblemsOf(after));
        Assert.Equal(1, after.PendingMoves);
        Assert.Equal(move.RowKey, Assert.Single(await IndexRowsAsync(setup, "pooled", "m")).RowKey);
    }

    [Fact]
    public async Task A_missing_queue_row_is_reported_and_repair_puts_the_task_back_in_its_holders_queue()
    {
        var setup = await ProjectAsync();
        var row = Assert.Single(await QueueRowsAsync(setup, setup.Labeler));
        Assert.Equal((await TaskRowAsync(setup, "held")).GetString("QueueRow"), row.RowKey);
        await Queues.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        var emptied = await setup.Member.Docket.GetQueueAsync(setup.ProjectId, "Label");
        Assert.Empty(emptied.Tasks);
        var taskRows = await TaskRowETagsAsync(setup);

        Assert.Equal([new Found("queue-row-missing", setup.Id("held"), false)], await ProblemsAsync(setup));
        Assert.Equal([new Found("queue-row-missing", setup.Id("held"), true)],
            await ProblemsAsync(setup, repair: true));

        Assert.Empty(await ProblemsAsync(setup));
        Assert.Equal(taskRows, await TaskRowETagsAsync(setup));
        var queue = await setup.Member.Docket.GetQueueAsync(setup.ProjectId, "Label");
        Assert.Equal(setup.Id("held"), Assert.Single(queue.Tasks).TaskId);
    }

    [Fact]
    public async Task Orphan_shard_rows_are_reported_at_once_and_deleted_by_repair_only_past_the_grace_period()
    {
        var (host, aging, clock) = await AgingHostAsync();
        await using var _ = host;
        var setup = await ProjectAsync(aging);
        var partition = TaskRows.PartitionOf(setup.Project, setup.Id("held"));
        // A pool row for a task that is held, and a row of a family no task has.
        await Tasks.AddEntityAsync(new TableEntity(partition, $"p|0|1000000000|0|{setup.Id("held")}")
        {
            ["TaskId"] = setup.Id("held"),
        });
        await Tasks.AddEntityAsync(new TableEntity(partition, "x|stray"));
        Found[] orphans = [new("index-row-orphan", null, false), new("index-row-orphan", setup.Id("held"), false)];

        Assert.Equal(orphans, await ProblemsAsync(setup));
        var young = await CheckAsync(setup, repair: true);
        Assert.Equal(orphans, ProblemsOf(young));
        Assert.All(young.Problems, p => Assert.Contains("grace period", p.Detail));

        clock.Advance(PastGrace);
        Assert.Equal(orphans.Select(o => o with { Repaired = true }), await ProblemsAsync(setup, repair: true));
        Assert.Empty(await ProblemsAsync(setup));
        Assert.Empty(await IndexRowsAsync(setup, "held", "p"));
    }

    [Fact]
    public async Task An_orphan_queue_row_is_reported_only_past_the_grace_period_and_repair_deletes_it()
    {
        var (host, aging, clock) = await AgingHostAsync();
        await using var _ = host;
        var setup = await ProjectAsync(aging);
        await Queues.AddEntityAsync(StrayQueueRow(setup, "pooled"));

        Assert.Empty(await ProblemsAsync(setup));
        clock.Advance(PastGrace);
        Assert.Equal([new Found("queue-row-orphan", setup.Id("pooled"), false)], await ProblemsAsync(setup));
        Assert.Equal([new Found("queue-row-orphan", setup.Id("pooled"), true)],
            await ProblemsAsync(setup, repair: true));

        Assert.Empty(await ProblemsAsync(setup));
        var left = Assert.Single(await QueueRowsAsync(setup, setup.Labeler));
        Assert.Equal((await TaskRowAsync(setup, "held")).GetString("QueueRow"), left.RowKey);
    }

    [Fact]
    public async Task The_rebalancing_pass_deletes_queue_rows_no_task_names_once_past_the_grace_period()
    {
        var (host, aging, clock) = await AgingHostAsync();
        await using var _ = host;
        var setup = await ProjectAsync(aging);
        await Queues.AddEntityAsync(StrayQueueRow(setup, "pooled"));

        await aging.OrgAdmin.Docket.RebalanceAsync(setup.ProjectId);
        Assert.Equal(2, (await QueueRowsAsync(setup, setup.Labeler)).Count);
        clock.Advance(PastGrace);
        await aging.OrgAdmin.Docket.RebalanceAsync(setup.ProjectId);

        var left = Assert.Single(await QueueRowsAsync(setup, setup.Labeler));
        Assert.Equal((await TaskRowAsync(setup, "held")).GetString("QueueRow"), left.RowKey);
        Assert.Empty(await ProblemsAsync(setup));
    }

    [Fact]
    public async Task A_task_naming_a_queue_row_that_does_not_fit_its_state_is_reported_and_its_row_never_changed()
    {
        var setup = await ProjectAsync();
        async Task NameQueueRowAsync(string name, string queueRow)
        {
            var row = await TaskRowAsync(setup, name);
            var change = new TableEntity(row.PartitionKey, row.RowKey) { ["QueueRow"] = queueRow };
            await Tasks.UpdateEntityAsync(change, ETag.All);
        }
        await NameQueueRowAsync("held", "0|elsewhere");
        await NameQueueRowAsync("pooled", "0|0|x|y");
        var taskRows = await TaskRowETagsAsync(setup);

        var problems = await ProblemsAsync(setup, repair: true);

        Assert.Equal(new[] { "held", "pooled" }.Select(name => new Found("task-queue-row-wrong", setup.Id(name), false))
            .OrderBy(p => p.TaskId, StringComparer.Ordinal), problems);
        Assert.Equal(taskRows, await TaskRowETagsAsync(setup));
    }

    [Fact]
    public async Task Events_of_a_task_that_does_not_exist_or_of_a_version_it_never_had_are_reported_and_kept()
    {
        var setup = await ProjectAsync();
        var partition = TaskRows.PartitionOf(setup.Project, setup.Id("pooled"));
        var ghost = "zzzzzzzzzzzzzzzzzzzz";
        await Tasks.AddEntityAsync(new TableEntity(partition, TaskKeys.EventRow(ghost, 1, 0)));
        await Tasks.AddEntityAsync(new TableEntity(partition, TaskKeys.EventRow(setup.Id("pooled"), 7, 0)));
        await Tasks.AddEntityAsync(new TableEntity(partition, "e|unreadable"));

        var problems = await ProblemsAsync(setup, repair: true);

        Assert.Equal(
        [
            new Found("event-row-invalid", null, false), new Found("event-row-invalid", setup.Id("pooled"), false),
            new Found("event-without-task", ghost, false),
        ], problems);
        Assert.Equal(3, (await ProblemsAsync(setup)).Length);
    }

    [Fact]
    public async Task Unreadable_and_misplaced_task_rows_are_reported_and_kept()
    {
        var setup = await ProjectAsync();
        var pooled = await TaskRowAsync(setup, "pooled");
        var shard = TaskIdentity.ShardOf(setup.Id("pooled"), setup.Project.ShardCount);
        var elsewhere = TaskKeys.Partition(setup.ProjectId, (shard + 1) % setup.Project.ShardCount);
        var copy = new TableEntity(elsewhere, pooled.RowKey);
        string[] keys = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];
        foreach (var (name, value) in pooled.Where(p => !keys.Contains(p.Key))) copy[name] = value;
        await Tasks.AddEntityAsync(copy);
        await Tasks.AddEntityAsync(new TableEntity(pooled.PartitionKey, "t|broken")
        {
            ["TaskId"] = "broken",
            ["Status"] = "Lost",
        });

        var report = await CheckAsync(setup, repair: true);

        Assert.Equal(
            [
                new Found("task-row-misplaced", setup.Id("pooled"), false),
                new Found("task-row-unreadable", "broken", false),
            ],
            ProblemsOf(report));
        Assert.Equal(2, report.Tasks);
    }

    [Fact]
    public async Task Person_rows_missing_different_or_stale_are_reported_and_repair_rewrites_them_from_member_rows()
    {
        var setup = await ProjectAsync();
        var manager = Scenario.UniqueEmail("manager");
        await scenario.MemberAsync(setup.ProjectId, manager, "Manager");
        var gone = Scenario.UniqueEmail("gone");
        string Person(string email) => "u|" + KeyEncoding.Escape(email);
        await Members.DeleteEntityAsync(Person(setup.Labeler), setup.ProjectId);
        await Members.UpdateEntityAsync(new TableEntity(Person(manager), setup.ProjectId) { ["Role"] = "Admin" },
            ETag.All);
        await Members.AddEntityAsync(new TableEntity(Person(gone), setup.ProjectId)
        {
            ["ProjectId"] = setup.ProjectId,
            ["Email"] = gone,
            ["Role"] = "Member",
        });
        async Task<IReadOnlyList<MyProject>> MyProjectsAsync() => (await setup.Member.Docket.GetMeAsync()).Projects;
        Assert.Empty(await MyProjectsAsync());

        Found[] problems =
        [
            new("member-person-row-differs", null, false), new("member-person-row-missing", null, false),
            new("member-person-row-stale", null, false),
        ];
        Assert.Equal(problems, await ProblemsAsync(setup));
        Assert.Equal(problems.Select(p => p with { Repaired = true }), await ProblemsAsync(setup, repair: true));

        Assert.Empty(await ProblemsAsync(setup));
        Assert.Equal(setup.ProjectId, Assert.Single(await MyProjectsAsync()).ProjectId);
        Assert.False((await Members.GetEntityIfExistsAsync<TableEntity>(Person(gone), setup.ProjectId)).HasValue);
        var managerRow = await Members.GetEntityAsync<TableEntity>(Person(manager), setup.ProjectId);
        Assert.Equal("Manager", managerRow.Value.GetString("Role"));
    }

    [Fact]
    public async Task Only_project_admins_may_check_and_a_get_never_repairs()
    {
        var setup = await ProjectAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await setup.Member.GetAsync($"{setup.Api}/check")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await setup.Member.PostAsync($"{setup.Api}/check/repair")).StatusCode);
        foreach (var value in new[] { "true", "yes" })
        {
            using var getRepair = await scenario.OrgAdmin.GetAsync($"{setup.Api}/check?repair={value}");
            Assert.Equal(HttpStatusCode.BadRequest, getRepair.StatusCode);
        }
        var report = await CheckAsync(setup);
        Assert.Equal((setup.ProjectId, 2, 0), (report.ProjectId, report.Tasks, report.RepairedCount));
    }
}
