using System.Net;
using System.Text.Json;
using Docket.Domain.Items;
using Docket.Functions.Tests.Infrastructure;
using Docket.Application.Upload;
using Docket.Storage.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Upload;

public sealed class StaleUploadTests
{
    [Fact]
    public async Task An_upload_whose_chunk_messages_were_never_sent_is_finished_by_the_sweep()
    {
        await using var host = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Docket:SweepSchedule"] = "*/1 * * * * *",
            ["Docket:Ingestion:StaleUploadAge"] = "00:00:01",
        }, queueAndBlobTriggers: true);
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("stale");
        await scenario.ProjectAsync(projectId, reviewStages: 0);

        // The state a process leaves when it dies right after saving the upload: chunks stored, no message sent.
        var uploads = host.Services.GetRequiredService<UploadStore>();
        var uploadId = Guid.NewGuid().ToString("N");
        var entries = Enumerable.Range(0, 30).Select(i => new ItemsFileEntry(i, $"stale-{i:D2}", """[{"items":"s3://x"}]""",
            new Dictionary<string, string>(), null, new Dictionary<string, string>(), null)).ToList();
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        for (var chunk = 0; chunk < 3; chunk++)
            await uploads.WriteBlobAsync(UploadStore.UploadsContainer, UploadStore.ChunkBlob(uploadId, chunk),
                BinaryData.FromObjectAsJson(entries.Skip(chunk * 10).Take(10).Select(ChunkEntry.From).ToList(), json), CancellationToken.None);
        await uploads.SaveAsync(new UploadRecord(uploadId, projectId, UploadStatus.Ingesting, 30, 3, DocketHost.AdminEmail,
            DateTimeOffset.UtcNow, null, null, []), CancellationToken.None);

        var done = await Eventually.HoldsAsync(
            async () => (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/projects/{projectId}/uploads/{uploadId}"))!,
            u => u["status"]!.GetValue<string>() == "Completed", TimeSpan.FromSeconds(45), "the sweep asks for the chunks again");
        Assert.Equal(30, done["created"]!.GetValue<int>());
        Assert.Equal(0, done["existing"]!.GetValue<int>());
        var listed = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/projects/{projectId}/tasks?limit=100"))!["tasks"]!.AsArray();
        Assert.Equal(30, listed.Count);
    }
}
