using System.Net;
using System.Text;
using Azure.Data.Tables;
using Docket.Application.Upload;
using Docket.Client;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;
using Docket.Storage.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Upload;

/// <summary>
/// The sweep reads only the uploads that are open, and a finished upload's record is kept for the retention period,
/// then deleted (its tasks stay). An Azurite of its own: the sweep here runs every second.
/// </summary>
public sealed class UploadRetentionTests
{
    [Fact]
    public async Task A_finished_uploads_record_leaves_the_open_index_and_is_deleted_after_the_retention_period()
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var host = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Docket:SweepSchedule"] = "*/1 * * * * *",
            ["Docket:Ingestion:LargeFileEntries"] = "20",
            ["Docket:Ingestion:ChunkSize"] = "10",
            ["Docket:Ingestion:UploadRetention"] = "00:00:05",
        }, azurite.ConnectionString, queueAndBlobTriggers: true);
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("retention");
        await scenario.ProjectAsync(projectId, reviewStages: 0);

        var admin = scenario.OrgAdmin.Docket;
        var file = Items.File(Enumerable.Range(0, 30).Select(i => Items.Entry($"kept-{i:D2}")));
        var uploadId = (await admin.StartUploadAsync(projectId, Encoding.UTF8.GetBytes(file))).UploadId!;
        var uploads = new TableClient(azurite.ConnectionString, "Uploads");
        Assert.True((await uploads.GetEntityIfExistsAsync<TableEntity>("open", uploadId)).HasValue);

        var done = await UploadProbes.FinishedAsync(admin, projectId, uploadId, TimeSpan.FromSeconds(60));
        Assert.Equal("Completed", done.Status);
        await Eventually.HoldsAsync(
            async () => (await Record.ExceptionAsync(() => admin.GetUploadAsync(projectId, uploadId)) as
                DocketApiException)?.Status,
            status => status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(60),
            "the finished upload's record is deleted after the retention period");

        Assert.False((await uploads.GetEntityIfExistsAsync<TableEntity>("open", uploadId)).HasValue);
        var left = new List<string>();
        await foreach (var row in uploads.QueryAsync<TableEntity>(e => e.PartitionKey == uploadId))
            left.Add(row.RowKey);
        Assert.Empty(left);
        Assert.Equal(30, (await UploadProbes.TasksAsync(admin, projectId)).Count);
    }

    [Fact]
    public async Task A_record_resumed_since_its_first_finish_outlives_that_finishs_retention()
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var host = await DocketHost.StartAsync(storageConnectionString: azurite.ConnectionString);
        var uploads = host.Services.GetRequiredService<UploadStore>();
        var failedAt = DateTimeOffset.UtcNow.AddDays(-40);
        var failed = new UploadRecord("resumed-upload", "some-project", UploadStatus.Failed, 10, 1,
            DocketHost.AdminEmail, failedAt, failedAt, null, [])
        { Failure = "chunk 0 failed", CleanedUp = true };
        Assert.True(await uploads.TryCreateAsync(failed, [], CancellationToken.None));
        await uploads.MarkCleanedUpAsync(failed, CancellationToken.None);
        // Sent again and resumed: ingesting, its old finish still indexed.
        var (stored, etag) = (await uploads.GetAsync("resumed-upload", CancellationToken.None))!.Value;
        Assert.True(await uploads.TryReplaceAsync(stored with { Status = UploadStatus.Ingesting, CompletedAt = null },
            etag, CancellationToken.None));

        var expired = await uploads.ExpireFinishedAsync(DateTimeOffset.UtcNow.AddDays(-30), 10, CancellationToken.None);

        Assert.Equal(1, expired);
        Assert.Equal(UploadStatus.Ingesting,
            (await uploads.GetAsync("resumed-upload", CancellationToken.None))!.Value.Upload.Status);
    }
}
