using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Listing;

/// <summary>
/// The Data Page from its listing rows returns exactly what a scan of every task would, in the same order, page
/// after page; members only ever get their own tasks; cursors cannot be forged; counts equal a scan.
/// </summary>
public sealed class DataPageIndexTests(DataPageWorld world) : IClassFixture<DataPageWorld>
{
    public static TheoryData<string> Queries() =>
    [
        "search=ALL", "search=UNASSIGNED", "search=QUEUED", "search=DRAFT", "search=SKIPPED", "search=COMPLETED",
        "search=FAILED", "search=ISSUES", "search=GROUNDTRUTH", "search=ALL&stage=Review_1",
        "search=QUEUED&stageKind=Label", "search=ALL&stageKind=Review", "search=ALL&name=task-1",
        "search=ALL&sort=recent", "search=ALL&sort=recent&stageKind=Label", "search=ALL&sort=recent&stageKind=Review",
        "search=QUEUED&sort=recent", "search=COMPLETED&sort=recent", "search=FAILED&sort=recent",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task An_admin_walking_every_page_gets_what_a_scan_would_in_the_same_order(string query)
    {
        var expected = DataPageOracle.Expected(world.AllTasks, query, assignee: null);

        var walked = await DataPage.WalkAsync(world.Scenario.OrgAdmin, world.ProjectId, query, limit: 4);

        Assert.Equal(expected, walked.Select(t => t["name"]!.GetValue<string>()));
    }

    /// <summary>
    /// Sparse filters make the service return a range in short pages; however those and the page size cut it, a walk
    /// ends only at the end of the last range, with every matching task once.
    /// </summary>
    [Theory]
    [InlineData("search=ALL&stage=Ground Truth")]
    [InlineData("search=ALL&name=task-2")]
    [InlineData("search=ALL&name=task-05")]
    [InlineData("search=DRAFT")]
    [InlineData("search=UNASSIGNED&stage=Label&name=task-1")]
    [InlineData("search=ALL&sort=recent&stageKind=Review")]
    [InlineData("search=ALL&assignee={labeler}")]
    [InlineData("search=QUEUED&assignee={labeler}&stage=Label")]
    public async Task Walks_with_sparse_filters_return_every_match_for_every_page_size(string query)
    {
        query = query.Replace("{labeler}", world.LabelerEmail, StringComparison.Ordinal);
        var parameters = query.Split('&');
        var expected = DataPageOracle.Expected(world.AllTasks,
            string.Join('&', parameters.Where(p => !p.StartsWith("assignee=", StringComparison.Ordinal))),
            assignee: parameters.Any(p => p.StartsWith("assignee=", StringComparison.Ordinal))
                ? world.LabelerEmail
                : null);
        Assert.NotEmpty(expected);

        foreach (var limit in new[] { 1, 2, 3, 4, 5, 7, 11, 50 })
        {
            var walked = await DataPage.WalkAsync(new ApiClient(world.ShortPagesHost.CreateClient(), DocketHost.AdminKey),
                world.ProjectId,
                query.Replace(" ", "%20", StringComparison.Ordinal), limit);
            Assert.True(expected.SequenceEqual(walked.Select(t => t["name"]!.GetValue<string>())),
                $"limit {limit}: expected [{string.Join(", ", expected)}], walked "
                + $"[{string.Join(", ", walked.Select(t => t["name"]!.GetValue<string>()))}]");
        }
    }

    [Fact]
    public async Task A_page_of_large_tasks_ends_at_its_size_bound_and_the_walk_still_shows_each_once()
    {
        var projectId = Scenario.UniqueId("big-tasks");
        await world.Scenario.ProjectAsync(projectId, reviewStages: 0);
        var series = "s3://bucket/" + new string('x', 300_000);
        foreach (var batch in Enumerable.Range(0, 20).Chunk(10))
            await Items.UploadAsync(world.Scenario.OrgAdmin, projectId, batch.Select(i => new JsonObject
            {
                ["name"] = $"big-{i:D2}",
                ["series"] = new JsonArray(new JsonObject { ["items"] = series }),
            }));

        var first = (await world.Scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks?limit=50"))!;
        var walked = await DataPage.WalkAsync(world.Scenario.OrgAdmin, projectId, "search=ALL", 50);

        var shown = first["tasks"]!.AsArray().Count;
        Assert.InRange(shown, 1, 19);
        Assert.NotNull(first["nextCursor"]);
        Assert.Equal(20, walked.Select(t => t["taskId"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(20, walked.Count);
    }

    /// <summary>
    /// In one shard, a page that reaches the limit part-way through the service's last short page must not end the
    /// walk: the rows after it are still to come.
    /// </summary>
    [Fact]
    public async Task A_page_filled_part_way_through_the_last_short_page_of_a_range_is_not_the_end()
    {
        var projectId = Scenario.UniqueId("short-pages");
        await world.Scenario.ProjectAsync(projectId, reviewStages: 0, new { shardCount = 1 });
        await Items.UploadAsync(world.Scenario.OrgAdmin, projectId,
            Enumerable.Range(0, 12).Select(i => Items.Entry((i % 2 == 0 ? "even-" : "odd-") + i.ToString("D2"))));
        var admin = new ApiClient(world.ShortPagesHost.CreateClient(), DocketHost.AdminKey);

        foreach (var (query, count) in new[] { ("search=ALL", 12), ("search=UNASSIGNED&name=even-", 6) })
        {
            foreach (var limit in Enumerable.Range(1, 13))
            {
                var walked = await DataPage.WalkAsync(admin, projectId, query, limit);
                Assert.True(walked.Count == count,
                    $"{query}, limit {limit}: {walked.Count} of {count} tasks before the walk ended");
                Assert.Equal(count, walked.Select(t => t["taskId"]!.GetValue<string>()).Distinct().Count());
            }
        }
    }

    [Theory]
    [InlineData("search=ALL")]
    [InlineData("search=QUEUED")]
    [InlineData("search=ISSUES")]
    [InlineData("search=DRAFT")]
    [InlineData("search=QUEUED&sort=recent")]
    [InlineData("search=UNASSIGNED")]
    public async Task A_member_only_ever_gets_their_own_tasks_whatever_they_ask_for(string query)
    {
        var expected = DataPageOracle.Expected(world.AllTasks, query, world.LabelerEmail);

        var walked = await DataPage.WalkAsync(world.Labeler, world.ProjectId,
            query + "&assignee=someone.else@example.com", limit: 3);
        var mine = await DataPage.WalkAsync(world.Labeler, world.ProjectId, query + "&assignee=me", limit: 3);

        Assert.Equal(expected, walked.Select(t => t["name"]!.GetValue<string>()));
        Assert.Equal(expected, mine.Select(t => t["name"]!.GetValue<string>()));
        Assert.All(walked, t => Assert.Equal(world.LabelerEmail, t["assignee"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_admin_filtering_by_assignee_reads_that_persons_listing()
    {
        var expected = DataPageOracle.Expected(world.AllTasks, "search=ALL", world.LabelerEmail);

        var walked = await DataPage.WalkAsync(world.Scenario.OrgAdmin, world.ProjectId,
            $"search=ALL&assignee={world.LabelerEmail}", limit: 2);

        Assert.Equal(expected, walked.Select(t => t["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_cursor_changed_or_used_for_another_query_or_project_is_400()
    {
        var first = (await world.Scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{world.ProjectId}/tasks?limit=2"))!;
        var cursor = first["nextCursor"]!.GetValue<string>();
        var tampered = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];
        var otherProject = Scenario.UniqueId("other-page");
        await world.Scenario.ProjectAsync(otherProject, reviewStages: 0);

        foreach (var (path, why) in new[]
                 {
                     ($"api/projects/{world.ProjectId}/tasks?limit=2&cursor={tampered}", "tampered"),
                     ($"api/projects/{world.ProjectId}/tasks?limit=2&search=UNASSIGNED&cursor={cursor}",
                         "another query"),
                     ($"api/projects/{otherProject}/tasks?limit=2&cursor={cursor}", "another project"),
                     ($"api/projects/{world.ProjectId}/stages/Label/queue?cursor={cursor}", "a queue"),
                 })
        {
            using var response = await world.Scenario.OrgAdmin.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
            Assert.Equal("cursor",
                Assert.Single((await response.JsonAsync())!["errors"]!.AsArray())!["field"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Counts_per_stage_status_and_person_equal_a_scan_of_the_tasks()
    {
        var stats = (await world.Scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{world.ProjectId}/stats?by=assignee"))!;

        foreach (var stage in stats["stages"]!.AsArray())
        {
            var stageName = stage!["stageName"]!.GetValue<string>();
            foreach (var (status, count) in stage["counts"]!.AsObject())
                Assert.True(
                    world.AllTasks.Count(t => Stage(t) == stageName && Status(t) == status) == count!.GetValue<long>(),
                    $"{stageName} {status}: {count}");
        }
        var holders = world.AllTasks.Where(t => t["assignee"] is not null)
            .GroupBy(t => t["assignee"]!.GetValue<string>()).ToList();
        Assert.Equal(holders.Select(h => h.Key).Order(),
            stats["assignees"]!.AsArray().Select(a => a!["email"]!.GetValue<string>()).Order());
        foreach (var assignee in stats["assignees"]!.AsArray())
        {
            var held = holders.Single(h => h.Key == assignee!["email"]!.GetValue<string>());
            Assert.Equal(held.Count(), assignee!["stages"]!.AsArray().Sum(s => s!["total"]!.GetValue<long>()));
        }

        var own = (await world.Labeler.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{world.ProjectId}/stats"))!;
        Assert.Equal(world.AllTasks.Count(t => t["assignee"]?.GetValue<string>() == world.LabelerEmail),
            own["stages"]!.AsArray().Sum(s => s!["total"]!.GetValue<long>()));
        Assert.Null(own["assignees"]);
    }

    static string Stage(JsonNode task) => task["stageName"]!.GetValue<string>();
    static string Status(JsonNode task) => task["status"]!.GetValue<string>();
}

/// <summary>
/// What the Data Page must return, computed from every task's JSON with the product rules written out plainly.
/// </summary>
public static class DataPageOracle
{
    public static List<string> Expected(IReadOnlyList<JsonNode> tasks, string query, string? assignee)
    {
        var parameters = query.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var search = parameters.GetValueOrDefault("search", "ALL");
        var recent = parameters.GetValueOrDefault("sort") == "recent";
        var stageKind = parameters.GetValueOrDefault("stageKind");
        IEnumerable<JsonNode> matching = tasks.Where(t => Matches(t, search));
        if (assignee is not null) matching = matching.Where(t => t["assignee"]?.GetValue<string>() == assignee);
        if (parameters.GetValueOrDefault("stage") is { } stage)
            matching = matching.Where(t => t["stageName"]!.GetValue<string>() == stage);
        if (parameters.GetValueOrDefault("name") is { } prefix)
            matching = matching.Where(t => t["name"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal));
        if (stageKind is not null && !recent)
            matching = matching.Where(t => KindOf(t["stageName"]!.GetValue<string>()) == stageKind);
        if (stageKind is not null && recent) matching = matching.Where(t => FinalizedAt(t, stageKind) is not null);
        var ordered = recent
            ? matching.OrderBy(t => FinalizedAt(t, stageKind) is null ? 1 : 0)
                .ThenByDescending(t => FinalizedAt(t, stageKind) ?? Time(t, "createdAt")!.Value)
            : matching.OrderBy(Group)
                .ThenByDescending(t => Group(t) == 4 ? Time(t, "queuedAt")!.Value : DateTimeOffset.MinValue)
                .ThenByDescending(
                    t => t["priority"] is { } p ? decimal.Parse(p.ToJsonString(), CultureInfo.InvariantCulture) : 0m)
                .ThenBy(t => Group(t) == 4 ? DateTimeOffset.MinValue : Time(t, "queuedAt")!.Value);
        return ordered.ThenBy(t => t["taskId"]!.GetValue<string>(), StringComparer.Ordinal)
            .Select(t => t["name"]!.GetValue<string>()).ToList();
    }

    static bool Matches(JsonNode task, string search)
    {
        var status = task["status"]!.GetValue<string>();
        return search switch
        {
            "UNASSIGNED" => status == "UNASSIGNED",
            "QUEUED" => status is "ASSIGNED" or "IN_PROGRESS" or "STAGED" or "SKIPPED",
            "DRAFT" => status is "IN_PROGRESS" or "STAGED",
            "SKIPPED" => status == "SKIPPED",
            "COMPLETED" => status == "COMPLETED",
            "FAILED" => task["lastReview"]?.GetValue<string>() == "FAILED",
            "ISSUES" => status == "PROBLEM",
            "GROUNDTRUTH" => task["stageName"]!.GetValue<string>() == "Ground Truth",
            _ => true,
        };
    }

    /// <summary>Assigned+prioritised, unassigned+prioritised, assigned, unassigned; Ground Truth last.</summary>
    static int Group(JsonNode task) =>
        task["stageName"]!.GetValue<string>() == "Ground Truth" ? 4
        : (task["assignee"] is not null, task["priority"] is not null) switch
        {
            (true, true) => 0,
            (false, true) => 1,
            (true, false) => 2,
            _ => 3
        };

    static string KindOf(string stage) =>
        stage == "Label" ? "Label" : stage.StartsWith("Review_", StringComparison.Ordinal) ? "Review" : "GroundTruth";

    static DateTimeOffset? FinalizedAt(JsonNode task, string? kind)
    {
        var labeled = Time(task, "labeledAt");
        var reviewed = Time(task, "reviewedAt");
        return kind switch
        {
            "Label" => labeled,
            "Review" => reviewed,
            _ => labeled is null ? reviewed : reviewed is null ? labeled : labeled > reviewed ? labeled : reviewed,
        };
    }

    static DateTimeOffset? Time(JsonNode task, string field) => task[field]?.GetValue<DateTimeOffset>();
}
