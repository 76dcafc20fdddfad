using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Data.Tables.Sas;
using Azure.Storage.Queues;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_answers_200_without_a_key_when_storage_is_reachable()
    {
        var host = await DocketHost.SharedAsync();
        using var client = host.CreateClient();
        var response = await client.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Reachable", json.RootElement.GetProperty("storage").GetString());
    }

    [Fact]
    public async Task Health_answers_503_with_retry_after_when_storage_is_down()
    {
        // Ports where nothing listens: the storage account is unreachable.
        var unreachable = AzuriteProcess.ConnectionStringFor(AzuriteProcess.FreePort(), AzuriteProcess.FreePort(),
            AzuriteProcess.FreePort());
        await using var host = await DocketHost.StartAsync(storageConnectionString: unreachable);
        using var client = host.CreateClient();
        var response = await client.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Health_needs_only_a_read_of_table_data_as_a_data_role_allows()
    {
        // An account SAS that can only read table data: what the deployment's data roles allow at most (a health
        // probe that asked for service properties or wrote anything would be refused with it).
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        var sas = new TableServiceClient(azurite.ConnectionString).GenerateSasUri(TableAccountSasPermissions.Read,
            TableAccountSasResourceTypes.All, DateTimeOffset.UtcNow.AddHours(1)).Query.TrimStart('?');
        var readOnly = $"TableEndpoint=http://127.0.0.1:{azurite.TablePort}/{AzuriteProcess.AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{azurite.QueuePort}/{AzuriteProcess.AccountName};" +
            $"BlobEndpoint=http://127.0.0.1:{azurite.BlobPort}/{AzuriteProcess.AccountName};" +
            $"SharedAccessSignature={sas}";
        var refused = await Assert.ThrowsAsync<Azure.RequestFailedException>(() =>
            new TableServiceClient(readOnly).CreateTableIfNotExistsAsync("healthwrite"));
        Assert.Equal(403, refused.Status);

        await using var host = await DocketHost.StartAsync(storageConnectionString: readOnly);
        using var client = host.CreateClient();
        var response = await client.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Org_admins_see_queues_poison_messages_and_stuck_moves_with_detail_others_are_refused()
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        // Nothing takes stage-move messages here: a finalized task's move stays pending and is stuck after 2 s;
        // the sweep, every second, counts it.
        await using var host = await DocketHost.StartAsync(storageConnectionString: azurite.ConnectionString,
            overrides: new Dictionary<string, string?>
            {
                ["Docket:SweepSchedule"] = "*/1 * * * * *",
                ["Docket:StageMoves:PendingMoveAge"] = "00:00:01",
                ["Docket:StageMoves:MaxResendInterval"] = "00:00:01",
                ["Docket:StageMoves:StuckAfter"] = "00:00:02",
            });
        var poison = new QueueClient(azurite.ConnectionString, "rebalance-poison",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("{}");
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("health");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var labelerEmail = Scenario.UniqueEmail("labeler");
        var labeler = await scenario.MemberAsync(projectId, labelerEmail, "Member", ["Label"]);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("t", null, new { Label = labelerEmail })]);
        await labeler.Docket.FinalizeTaskAsync(projectId, ids["t"]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await scenario.Anonymous.GetAsync("api/health?detail=true"))
            .StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await labeler.GetAsync("api/health?detail=true")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await scenario.Anonymous.GetAsync("api/health?detail=maybe"))
            .StatusCode);
        var plain = await scenario.Anonymous.Docket.GetHealthAsync();
        Assert.Null(plain.Queues);

        var report = await Eventually.HoldsAsync(() => scenario.OrgAdmin.Docket.GetHealthAsync(detail: true),
            r => r.StuckMoves?.Any(s => s.ProjectId == projectId) == true, TimeSpan.FromSeconds(60),
            "the finalized task's move is stuck");
        Assert.True(report.IsHealthy);
        Assert.Equal(1, report.StuckMoves!.Single(s => s.ProjectId == projectId).Count);
        Assert.Equal(1, report.PoisonMessages);
        Assert.Equal(1, report.Queues!.Single(q => q.Name == "rebalance").PoisonDepth);
        Assert.NotNull(report.MovesSweptAt);
    }
}
