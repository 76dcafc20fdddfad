using System.Net;
using System.Text.Json.Nodes;
using Docket.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Listing;

/// <summary>
/// One project with tasks in every listing: pool, queues (assigned, saved, submitted, skipped), an issue, reviewed
/// (passed and failed), Ground Truth; priorities and none; several holders. Built once for the Data Page tests.
/// </summary>
public sealed class DataPageWorld : IAsyncLifetime
{
    public Scenario Scenario { get; private set; } = null!;
    public string ProjectId { get; } = Scenario.UniqueId("datapage");
    public string LabelerEmail { get; } = Scenario.UniqueEmail("labeler");
    public ApiClient Labeler { get; private set; } = null!;
    public IReadOnlyList<JsonNode> AllTasks { get; private set; } = [];

    /// <summary>A host whose storage answers queries two rows a page (see <see cref="ShortQueryPages"/>).</summary>
    public RunningHost ShortPagesHost { get; private set; } = null!;

    Dictionary<string, string> ids = [];

    public async Task InitializeAsync()
    {
        Scenario = await Scenario.StartAsync();
        await Scenario.ProjectAsync(ProjectId, reviewStages: 1, new { queueSize = 6 });
        Labeler = await Scenario.MemberAsync(ProjectId, LabelerEmail, "Member", ["Label"]);
        var other = await Scenario.MemberAsync(ProjectId, Scenario.UniqueEmail("other"), "Member", ["Label"]);
        var reviewer = await Scenario.MemberAsync(ProjectId, Scenario.UniqueEmail("reviewer"), "Member", ["Review_1"]);
        var entries = Enumerable.Range(0, 30).Select(i => Items.Entry($"task-{i:D2}",
            i % 3 == 0 ? null : $"0.{(i * 37 % 100):D2}",
            i % 10 == 4 ? new { Label = LabelerEmail } : null)).ToList();
        ids = await Items.UploadAsync(Scenario.OrgAdmin, ProjectId, entries);

        var mine = await NextAndQueueAsync(Labeler);
        await NextAndQueueAsync(other);
        await Act(Labeler, mine[0], "save");
        await Act(Labeler, mine[1], "submit");
        await Act(Labeler, mine[2], "skip");
        await Act(Labeler, mine[3], "issue", new { comment = "blurry" });
        foreach (var taskId in mine.Skip(4).Take(2))
            await Labeler.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post,
                $"api/projects/{ProjectId}/tasks/{taskId}/finalize");
        await WaitForMovesAsync();

        var reviewed = await NextAndQueueAsync(reviewer);
        await reviewer.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post,
            $"api/projects/{ProjectId}/tasks/{reviewed[0]}/finalize", new { review = "accept" });
        await reviewer.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post,
            $"api/projects/{ProjectId}/tasks/{reviewed[1]}/finalize", new { review = "reject" });
        await Scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post,
            $"api/projects/{ProjectId}/tasks/move",
            new { taskIds = new[] { ids["task-29"], ids["task-28"] }, stageName = "Ground Truth" });
        await WaitForMovesAsync();
        AllTasks = await ReadAllAsync();
        ShortPagesHost = await DocketHost.StartAsync(
            services: s => s.AddSingleton(new ShortQueryPages(rowsPerPage: 2).AsStoragePolicy()));
    }

    public async Task DisposeAsync() => await ShortPagesHost.DisposeAsync();

    async Task<List<string>> NextAndQueueAsync(ApiClient client)
    {
        var me = (await client.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/me"))!;
        var stageName = me["projects"]!.AsArray()
            .Single(p => p!["projectId"]!.GetValue<string>() == ProjectId)!["stages"]![0]!.GetValue<string>();
        await client.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{ProjectId}/stages/{stageName}/next");
        return (await client.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{ProjectId}/stages/{stageName}/queue"))!["tasks"]!
            .AsArray().Select(t => t!["taskId"]!.GetValue<string>()).ToList();
    }

    async Task Act(ApiClient client, string taskId, string action, object? body = null) =>
        await client.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{ProjectId}/tasks/{taskId}/{action}", body);

    async Task WaitForMovesAsync() =>
        await Eventually.HoldsAsync(ReadAllAsync, tasks => tasks.All(t => t["pendingMove"] is null),
            TimeSpan.FromSeconds(60),
            "every stage move is carried out");

    async Task<IReadOnlyList<JsonNode>> ReadAllAsync() =>
        await Task.WhenAll(ids.Values.Select(async id =>
            (await Scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                $"api/projects/{ProjectId}/tasks/{id}"))!));
}
