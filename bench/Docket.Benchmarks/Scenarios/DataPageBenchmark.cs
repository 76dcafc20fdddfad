using Azure.Data.Tables;
using Docket.Application.DataPage;
using Docket.Domain.Access;
using Docket.Domain.DataPage;
using Docket.Domain.Identity;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Storage.Listing;
using Docket.Storage.Projects;
using Docket.Storage.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Benchmarks.Scenarios;

/// <summary>
/// Issue 12: Data Page pages, a member's own view and the dashboard counts at 10,000 and 100,000 tasks (60%
/// unassigned, 25% queued, 10% completed, 5% issues; 200 holders). For every request the raw baseline, in the
/// same run, issues the same per-shard range queries (limit 50, after the same position) in parallel with the
/// plain SDK, and reads the same counter rows; page 50 is reached by walking the cursor, then timed.
/// </summary>
public static class DataPageBenchmark
{
    public const int DefaultSize = 100_000;
    const int SmallSize = 10_000;
    const int Samples = 15;
    const int Limit = 50;
    const int People = 200;
    const string ProjectId = "bench-page";

    static readonly (string Name, string Query)[] Views =
    [
        ("ALL, queued", "search=ALL&sort=queued"), ("UNASSIGNED", "search=UNASSIGNED"),
            ("QUEUED, Label", "search=QUEUED&stageKind=Label"),
        ("ISSUES", "search=ISSUES"), ("COMPLETED", "search=COMPLETED"), ("ALL, recent", "search=ALL&sort=recent"),
    ];

    sealed record Series(string Name, Latencies Docket, Latencies Raw, StorageTrace Trace);

    public static async Task<List<SummaryRow>> RunAsync(int size)
    {
        var rows = new List<SummaryRow>();
        var medians = new Dictionary<(int Size, string View), (double Docket, double Raw)>();
        foreach (var tasks in size <= SmallSize ? [size] : new[] { SmallSize, size })
        {
            await using var host = await BenchHost.StartAsync();
            var (member, memberEmail) = await SeedAsync(host, tasks);
            var project = (await host.Services.GetRequiredService<ProjectStore>()
                .GetAsync(ProjectId, CancellationToken.None))!;
            var raw = new TableServiceClient(host.ConnectionString).GetTableClient("Tasks");
            var admin = new ProjectAccess(new Caller(BenchHost.AdminEmail, OrgRole.Admin), project, null);
            Console.WriteLine(
                $"== datapage: {Measure.Count(tasks)} tasks, limit {Limit}, {Samples} samples per page ==");

            foreach (var (name, query) in Views)
            {
                // Page 50 is compared with page 1 at the largest size only (a small project's rarer views are shorter).
                foreach (var page in tasks == size ? new[] { 1, 50 } : [1])
                {
                    var cursor = page == 1 ? null : await WalkAsync(host.Admin, query, page - 1);
                    var series = await MeasurePageAsync(host, host.Admin, raw, admin, $"{name}, page {page}", query,
                        cursor, project);
                    medians[(tasks, $"{name}, page {page}")] = (series.Docket.Median, series.Raw.Median);
                }
            }
            var memberAccess = new ProjectAccess(new Caller(memberEmail, OrgRole.Member), project,
                new Membership(ProjectId, memberEmail, ProjectRole.Member, null, null));
            var own = await MeasurePageAsync(host, member, raw, memberAccess, "member's own QUEUED", "search=QUEUED",
                null, project);
            medians[(tasks, "member's own QUEUED, page 1")] = (own.Docket.Median, own.Raw.Median);
            var stats = await MeasureStatsAsync(host, raw, project);
            medians[(tasks, "stats")] = (stats.Docket.Median, stats.Raw.Median);
        }

        var largest = medians.Keys.Max(k => k.Size);
        foreach (var ((tasks, view), (docket, rawMedian)) in medians.Where(m => m.Key.Size == largest))
        {
            var ratio = docket / rawMedian;
            rows.Add(new SummaryRow($"{view} ({Measure.Count(tasks)})", $"median {Measure.Ms(docket)}",
                $"median {Measure.Ms(rawMedian)}", Measure.Ratio(ratio), "≤ 2× raw", ratio <= 2));
        }
        foreach (var (view, _) in Views)
        {
            var first = medians[(largest, $"{view}, page 1")].Docket;
            var fiftieth = medians[(largest, $"{view}, page 50")].Docket;
            rows.Add(new SummaryRow($"{view}: page 50 ÷ page 1", $"× {Measure.Ratio(fiftieth / first)}", "",
                Measure.Ratio(fiftieth / first), "≤ 1.2", fiftieth / first <= 1.2));
            if (largest > SmallSize)
            {
                var growth = first / medians[(SmallSize, $"{view}, page 1")].Docket;
                var rawGrowth = medians[(largest, $"{view}, page 1")].Raw / medians[(SmallSize, $"{view}, page 1")].Raw;
                rows.Add(new SummaryRow($"{view}: {Measure.Count(largest)} ÷ {Measure.Count(SmallSize)}",
                    $"× {Measure.Ratio(growth)}",
                    $"× {Measure.Ratio(rawGrowth)}", Measure.Ratio(growth / rawGrowth), "≤ raw growth × 1.1",
                    growth <= rawGrowth * 1.1));
            }
        }
        return rows;
    }

    /// <summary>
    /// A project of <paramref name="size"/> tasks in the mix, written through Docket's own batches (the rows every
    /// write makes: task, pool, listing, queue and counter rows), and one member with a key who holds some of them.
    /// </summary>
    static async Task<(Client.DocketClient Member, string Email)> SeedAsync(BenchHost host, int size)
    {
        await host.CreateProjectAsync(ProjectId, queueSize: 5, reviewStages: 1);
        var member = await host.AddMemberAsync(ProjectId, "holder000@docket.bench");
        var project = (await host.Services.GetRequiredService<ProjectStore>()
            .GetAsync(ProjectId, CancellationToken.None))!;
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var tasks = Enumerable.Range(0, size).Select(i =>
        {
            var name = $"page-{i:D6}";
            var holder = $"holder{i % People:D3}@docket.bench";
            var at = start.AddTicks(i * 10_000L);
            var task = new AnnotationTask
            {
                TaskId = TaskIdentity.IdFor(name),
                Name = name,
                StageName = "Label",
                Status = AnnotationTaskStatus.Unassigned,
                Priority = i % 10 < 3 ? Priority.FromBillionths(i * 7919L % 1_000_000_000) : null,
                CreatedAt = at,
                QueuedAt = at,
                UpdatedAt = at,
                Version = 0,
                SeriesJson = $$$"""[{"name":"t1","items":"s3://bench-imaging/{{{name}}}/t1.nii.gz"}]""",
                CreatedBy = BenchHost.AdminEmail,
            };
            task = (i % 20) switch
            {
                < 12 => task,
                < 17 => task with
                {
                    Status = (i % 4) switch
                    {
                        0 => AnnotationTaskStatus.InProgress,
                        1 => AnnotationTaskStatus.Staged,
                        _ => AnnotationTaskStatus.Assigned
                    },
                    Assignee = holder,
                    AssignedBy = AssignedBy.Auto
                },
                < 19 => task with
                {
                    StageName = "Ground Truth",
                    Status = AnnotationTaskStatus.Completed,
                    LabeledAt = at.AddHours(1),
                    ReviewedAt = at.AddHours(2)
                },
                _ => task with
                {
                    Status = AnnotationTaskStatus.Problem,
                    Assignee = holder,
                    AssignedBy = AssignedBy.Auto,
                    IssueComment = "blurry"
                },
            };
            return (task, (IReadOnlyList<TaskEvent>)[]);
        }).ToList();
        var batches = host.Services.GetRequiredService<TaskWriter>();
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        foreach (var chunk in tasks.Chunk(5_000))
            await batches.CreateAsync(project, chunk, CancellationToken.None);
        Console.WriteLine($"  seeded {Measure.Count(size)} tasks in {seeding.Elapsed.TotalSeconds:0.0} s");
        return (member.Client, member.Email);
    }

    static async Task<string> WalkAsync(Client.DocketClient client, string query, int pages)
    {
        string? cursor = null;
        for (var page = 0; page < pages; page++)
        {
            var answer = await client.ListTasksAsync(ProjectId, TaskQueryOf(query, cursor));
            cursor = answer.NextCursor
                ?? throw new InvalidOperationException($"{query} has fewer than {pages + 1} pages");
        }
        return cursor!;
    }

    /// <summary>A view's query as the client sends it.</summary>
    static Client.TaskQuery TaskQueryOf(string query, string? cursor)
    {
        var parameters = Parameters(query);
        return new Client.TaskQuery
        {
            Search = Enum.Parse<Client.TaskSearch>(parameters["search"].Replace("_", ""), ignoreCase: true),
            StageKind = parameters.GetValueOrDefault("stageKind") is { } kind
                ? Enum.Parse<Contracts.StageKind>(kind)
                : null,
            Sort = parameters.GetValueOrDefault("sort") is { } sort
                ? Enum.Parse<Client.TaskSort>(sort, ignoreCase: true)
                : null,
            Limit = Limit,
            Cursor = cursor,
        };
    }

    static Dictionary<string, string> Parameters(string query) =>
        query.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    static async Task<Series> MeasurePageAsync(BenchHost host, Client.DocketClient client, TableClient raw,
        ProjectAccess access, string name, string query, string? cursor, Project project)
    {
        var request = DataPageRequestOf(query, cursor);
        var plan = ListingQueries.PlanOf(project, request, DataPageReader.AssigneeOf(access, request));
        // The position the host reads from the cursor, by the host's own protector.
        string? last = null;
        if (cursor is not null && !host.Services.GetRequiredService<CursorProtector>().TryUnprotect(
                DataPageReader.ScopeOf(access, request), cursor, out last))
            throw new InvalidOperationException("The benchmark's cursor is not one this query returned.");
        var series = new Series(name, new Latencies(), new Latencies(), new StorageTrace(host.StoragePorts));
        for (var sample = -2; sample < Samples; sample++)
        {
            var docket = await Measure.TimeAsync(async () =>
            {
                using (sample >= 0 ? series.Trace.Request() : null)
                    await client.ListTasksAsync(ProjectId, TaskQueryOf(query, cursor));
            });
            // The same range queries, raw: each shard's range after the same position, a page of rows, in parallel.
            var rawTime = await Measure.TimeAsync(() =>
                Task.WhenAll(plan.Ranges.Select(range => RawRangeAsync(raw, project, range,
                ListingQueries.AfterOf(last, range), plan.Filter))));
            if (sample < 0) continue; // warm-up
            series.Docket.Add(docket);
            series.Raw.Add(rawTime);
        }
        series.Trace.Dispose();
        Console.WriteLine($"  {name}: docket {series.Docket}");
        Console.WriteLine(
            $"  {name}: raw {plan.Ranges.Count} range queries {series.Raw}; ratio " +
            $"{Measure.Ratio(series.Docket.Median / series.Raw.Median)}");
        series.Trace.PrintPerRequest(name, series.Docket.Mean);
        return series;
    }

    static async Task RawRangeAsync(TableClient raw, Project project, ListingQueries.ListingRange range, string? after,
        string? filter)
    {
        var partition = TaskKeys.Partition(project.ProjectId, range.Shard);
        var query = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey gt {after ?? range.Prefix} and RowKey lt {TaskKeys.PrefixEnd(
                range.Prefix)}")
                    + (filter is null ? "" : $" and ({filter})");
        await foreach (var _ in raw.QueryAsync<TableEntity>(query, maxPerPage: Limit,
            select: ["RowKey", "TaskId"]).AsPages())
            break;
    }

    static async Task<Series> MeasureStatsAsync(BenchHost host, TableClient raw, Project project)
    {
        var series = new Series("stats", new Latencies(), new Latencies(), new StorageTrace(host.StoragePorts));
        for (var sample = -2; sample < Samples; sample++)
        {
            var docket = await Measure.TimeAsync(async () =>
            {
                using (sample >= 0 ? series.Trace.Request() : null)
                    await host.Admin.GetStatsAsync(ProjectId, byAssignee: true);
            });
            var rawTime = await Measure.TimeAsync(() =>
                Task.WhenAll(Enumerable.Range(0, project.ShardCount).Select(async shard =>
            {
                var partition = TaskKeys.Partition(project.ProjectId, shard);
                var filter = TableClient.CreateQueryFilter(
                    $"PartitionKey eq {partition} and RowKey ge {TaskKeys.CounterPrefix} and RowKey lt {TaskKeys
                        .PrefixEnd(TaskKeys.CounterPrefix)}");
                await foreach (var _ in raw.QueryAsync<TableEntity>(filter)) { }
            })));
            if (sample < 0) continue;
            series.Docket.Add(docket);
            series.Raw.Add(rawTime);
        }
        series.Trace.Dispose();
        Console.WriteLine(
            $"  stats: docket {series.Docket}; raw counter rows {series.Raw}; ratio " +
            $"{Measure.Ratio(series.Docket.Median / series.Raw.Median)}");
        series.Trace.PrintPerRequest("stats", series.Docket.Mean);
        return series;
    }

    static DataPageRequest DataPageRequestOf(string query, string? cursor)
    {
        var parameters = Parameters(query);
        return new DataPageRequest(Enum.Parse<TaskSearch>(parameters["search"]), null,
            parameters.GetValueOrDefault("stageKind") is { } kind ? Enum.Parse<StageKind>(kind) : null, null, null,
            parameters.GetValueOrDefault("sort") == "recent" ? TaskSort.Recent : TaskSort.Queued, Limit, cursor);
    }
}
