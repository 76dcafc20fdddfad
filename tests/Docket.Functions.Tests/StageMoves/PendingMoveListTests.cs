using System.Net;
using System.Text.Json.Nodes;
using Docket.Client;
using Docket.Functions.Tests.Cli;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.StageMoves;

/// <summary>
/// GET …/moves lists what waits, the longest first, a page at a time, and which moves are stuck. The host is on an
/// Azurite of its own and takes no queue messages, so the moves it decides stay pending.
/// </summary>
public sealed class PendingMoveListTests
{
    [Fact]
    public async Task Pending_and_stuck_moves_are_listed_longest_waiting_first_a_page_at_a_time()
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var host = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Docket:StageMoves:PendingMoveAge"] = "00:00:01",
            ["Docket:StageMoves:MaxResendInterval"] = "00:00:02",
            ["Docket:StageMoves:StuckAfter"] = "00:00:04",
        }, storageConnectionString: azurite.ConnectionString);
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("moves");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var admin = scenario.OrgAdmin.Docket;
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a"), Items.Entry("b")]);
        await admin.MoveTasksAsync(projectId, [ids["a"]], "Ground Truth");
        await admin.MoveTasksAsync(projectId, [ids["b"]], "Review_1");

        var pending = await admin.GetPendingMovesAsync(projectId);
        Assert.Equal(["a", "b"], pending.Moves.Select(m => m.Name));
        Assert.Equal((ids["a"], "Label", "Ground Truth", "Send", false), (pending.Moves[0].TaskId,
            pending.Moves[0].FromStage, pending.Moves[0].ToStage, pending.Moves[0].Kind, pending.Moves[0].Stuck));
        Assert.Null(pending.NextCursor);
        var first = await admin.GetPendingMovesAsync(projectId, limit: 1);
        var second = await admin.GetPendingMovesAsync(projectId, after: first.NextCursor, limit: 1);
        Assert.Equal(("a", "b", null), (Assert.Single(first.Moves).Name, Assert.Single(second.Moves).Name,
            second.NextCursor));

        var stuck = await Eventually.HoldsAsync(() => admin.GetPendingMovesAsync(projectId, stuckOnly: true),
            page => page.Moves.Count == 2, TimeSpan.FromSeconds(60), "both moves stuck");
        Assert.All(stuck.Moves, m => Assert.True(m.Stuck));

        var member = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("member"), "Member", ["Label"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<DocketApiException>(() =>
            member.Docket.GetPendingMovesAsync(projectId))).Status);
        var otherState = await Assert.ThrowsAsync<DocketApiException>(() =>
            admin.GetPendingMovesAsync(projectId, stuckOnly: true, after: first.NextCursor));
        Assert.Equal("after", Assert.Single(otherState.Errors).Field);
        var badLimit = await Assert.ThrowsAsync<DocketApiException>(() =>
            admin.GetPendingMovesAsync(projectId, limit: 101));
        Assert.Equal("limit", Assert.Single(badLimit.Errors).Field);

        // The same through the CLI: list, cancel one, list again; and the queues.
        using var cli = new CliSession { StandardInput = DocketHost.AdminKey + "\n" };
        var login = await cli.RunAsync("login", "--url", host.BaseAddress.ToString(), "--key-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());
        var listed = await cli.RunAsync("moves", "list", projectId, "--stuck", "--output", "json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Equal(2, JsonNode.Parse(listed.Out)!.AsArray().Count);
        var cancelled = await cli.RunAsync("moves", "cancel", projectId, "a");
        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        var left = await cli.RunAsync("moves", "list", projectId, "--output", "json");
        Assert.Equal("b", Assert.Single(JsonNode.Parse(left.Out)!.AsArray())!["name"]!.GetValue<string>());
        var queues = await cli.RunAsync("ops", "queues", "--output", "json");
        Assert.True(queues.ExitCode == 0, queues.ToString());
        Assert.Equal(5, JsonNode.Parse(queues.Out)!.AsArray().Count);
    }
}
