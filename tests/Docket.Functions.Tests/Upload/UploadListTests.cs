using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Docket.Client;
using Docket.Functions.Tests.Cli;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Upload;

/// <summary>
/// GET /api/projects/{p}/uploads lists a project's large uploads newest first, page by page, on a host of its own
/// whose large path starts at 21 entries.
/// </summary>
public sealed class UploadListTests
{
    [Fact]
    public async Task Large_uploads_are_listed_newest_first_with_their_status_and_counts_page_by_page()
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var host = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Docket:Ingestion:LargeFileEntries"] = "20",
        }, storageConnectionString: azurite.ConnectionString, queueAndBlobTriggers: true);
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("uploads");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var admin = scenario.OrgAdmin.Docket;
        var started = new List<string>();
        foreach (var batch in new[] { "first", "second", "third" })
        {
            var file = Encoding.UTF8.GetBytes(Items.File(Enumerable.Range(0, 25)
                .Select(i => Items.Entry($"{batch}-{i:D2}"))));
            var result = await admin.UploadItemsAsync(projectId, file);
            Assert.Equal(("Completed", 25), (result.Status, result.Created));
            started.Add(result.UploadId!);
        }
        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("small")]); // small: no record, not listed

        var first = await admin.ListUploadsAsync(projectId, limit: 2);
        Assert.Equal([started[2], started[1]], first.Uploads.Select(u => u.UploadId));
        Assert.NotNull(first.NextCursor);
        var second = await admin.ListUploadsAsync(projectId, first.NextCursor, limit: 2);
        Assert.Equal([started[0]], second.Uploads.Select(u => u.UploadId));
        Assert.Null(second.NextCursor);
        Assert.All(first.Uploads.Concat(second.Uploads), u => Assert.Equal(("Completed", 25, 25),
            (u.Status, u.Total, u.Created)));

        var tampered = await scenario.OrgAdmin.GetAsync(
            $"api/projects/{projectId}/uploads?after={first.NextCursor![..^2]}xx");
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        var member = await scenario.MemberAsync(projectId, Scenario.UniqueEmail("member"), "Member", ["Label"]);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Assert.ThrowsAsync<DocketApiException>(() => member.Docket.ListUploadsAsync(projectId))).Status);

        using var cli = new CliSession(new Dictionary<string, string?>
        {
            ["DOCKET_URL"] = host.BaseAddress.ToString(),
            ["DOCKET_KEY"] = DocketHost.AdminKey,
        });
        var listed = await cli.RunAsync("uploads", "list", projectId, "-o", "json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Equal(started.AsEnumerable().Reverse(), JsonNode.Parse(listed.Out)!.AsArray()
            .Select(u => u!["uploadId"]!.GetValue<string>()));
    }
}
