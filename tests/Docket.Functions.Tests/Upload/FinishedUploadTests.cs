using System.Text.Json.Nodes;
using Docket.Application.Upload;
using Docket.Functions.Tests.Infrastructure;
using Docket.Storage.Uploads;

namespace Docket.Functions.Tests.Upload;

/// <summary>An upload that ends, Failed (with the reason) or Completed, keeps its record and loses its chunks.
/// </summary>
public sealed class FinishedUploadTests(SweepWorld world) : IClassFixture<SweepWorld>
{
    [Fact]
    public async Task A_chunk_that_always_fails_fails_its_upload_after_the_allowed_attempts_and_nothing_is_sent_after()
    {
        var scenario = await Scenario.StartAsync(world.First);
        var projectId = Scenario.UniqueId("failing");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        // Chunk 1 does not parse, so every attempt at it fails; chunk 0 is fine. Nothing was sent yet.
        var uploadId = await world.SaveUploadAsync(projectId,
            [SweepWorld.Chunk("failing", 0), BinaryData.FromString("not a chunk")], sentAt: null,
            reportBlob: $"{projectId}/failing.json");

        var failed = await Eventually.HoldsAsync(() => UploadProbes.UploadAsync(scenario.OrgAdmin, projectId, uploadId),
            u => u["status"]!.GetValue<string>() != "Ingesting", TimeSpan.FromSeconds(60), "the upload ends");
        Assert.True(failed["status"]!.GetValue<string>() == "Failed", failed.ToJsonString());
        var failure = failed["failure"]!.GetValue<string>();
        Assert.StartsWith(
            $"chunk 1 (of 2, numbered from 0) failed {SweepWorld.MaxChunkAttempts} attempts; last error: ", failure);
        Assert.Contains("JsonException", failure);
        Assert.Equal(10, failed["created"]!.GetValue<int>());
        Assert.Equal(1, failed["chunksDone"]!.GetValue<int>());
        Assert.NotNull(failed["completedAt"]);

        var report = await UploadProbes.ReportAsync(projectId, "failing.json",
            connectionString: world.ConnectionString);
        Assert.Equal("Failed", report["status"]!.GetValue<string>());
        Assert.Equal(failure, report["failure"]!.GetValue<string>());
        Assert.Equal(10, report["created"]!.GetValue<int>());

        await Eventually.HoldsAsync(() => world.ChunksGoneAsync(uploadId), gone => gone, TimeSpan.FromSeconds(60),
            "the failed upload's chunk blobs and rows are deleted");
        // Longer than a chunk's message lives and the sweep waits: nothing asks for the chunk again.
        var sends = world.Sent.SendsOf(uploadId);
        await Task.Delay(SweepWorld.StaleUploadAge * 2);
        Assert.Equal(sends, world.Sent.SendsOf(uploadId));
        var after = await UploadProbes.UploadAsync(scenario.OrgAdmin, projectId, uploadId);
        Assert.Equal(failed.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task Posting_the_file_of_a_failed_upload_again_resumes_it_and_every_task_is_created_once()
    {
        var scenario = await Scenario.StartAsync(world.First);
        var projectId = Scenario.UniqueId("resumed");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var file = Items.File(Enumerable.Range(0, 3 * SweepWorld.ChunkSize).Select(i => Items.Entry($"r-{i:D3}")));
        var uploadId = UploadIds.ForPost(projectId, System.Text.Encoding.UTF8.GetBytes(file));
        // This file's upload failed earlier, after its first chunk was done (its rows and blobs cleaned up).
        var failedAt = DateTimeOffset.UtcNow.AddHours(-1);
        Assert.True(await world.Uploads.TryCreateAsync(new UploadRecord(uploadId, projectId, UploadStatus.Failed,
            3 * SweepWorld.ChunkSize, 3, DocketHost.AdminEmail, failedAt, failedAt, null, [])
        {
            Counts = new UploadCounts(SweepWorld.ChunkSize, 0, 1),
            Failure = "chunk 1 (of 3, numbered from 0) failed 3 attempts; last error: storage was down",
            CleanedUp = true,
        }, [], CancellationToken.None));

        var again = (await scenario.OrgAdmin.ExpectAsync(System.Net.HttpStatusCode.Accepted, HttpMethod.Post,
            $"api/projects/{projectId}/items", file))!;

        Assert.Equal(uploadId, again["uploadId"]!.GetValue<string>());
        Assert.Equal("Ingesting", again["status"]!.GetValue<string>());
        var done = await UploadProbes.FinishedUploadAsync(scenario.OrgAdmin, projectId, uploadId,
            TimeSpan.FromSeconds(60));
        Assert.True(done["status"]!.GetValue<string>() == "Completed", done.ToJsonString());
        Assert.Equal(30, done["created"]!.GetValue<int>());
        Assert.Null(done["failure"]);
        var tasks = await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId);
        Assert.Equal(30, tasks.Select(t => t["name"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(30, tasks.Count);
    }

    [Fact]
    public async Task A_completed_upload_keeps_its_counts_and_its_chunk_blobs_and_rows_are_deleted()
    {
        var scenario = await Scenario.StartAsync(world.First);
        var projectId = Scenario.UniqueId("cleanup");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var file = Items.File(Enumerable.Range(0, 50).Select(i => Items.Entry($"clean-{i:D2}")));
        var accepted = (await scenario.OrgAdmin.ExpectAsync(System.Net.HttpStatusCode.Accepted, HttpMethod.Post,
            $"api/projects/{projectId}/items", file))!;
        var uploadId = accepted["uploadId"]!.GetValue<string>();

        await UploadProbes.FinishedUploadAsync(scenario.OrgAdmin, projectId, uploadId, TimeSpan.FromSeconds(45));
        await Eventually.HoldsAsync(() => world.ChunksGoneAsync(uploadId), gone => gone, TimeSpan.FromSeconds(60),
            "the completed upload's chunk blobs and rows are deleted");

        var upload = await UploadProbes.UploadAsync(scenario.OrgAdmin, projectId, uploadId);
        Assert.Equal("Completed", upload["status"]!.GetValue<string>());
        Assert.Equal(50, upload["created"]!.GetValue<int>());
        Assert.Equal(0, upload["existing"]!.GetValue<int>());
        Assert.Equal(5, upload["chunks"]!.GetValue<int>());
        Assert.Equal(5, upload["chunksDone"]!.GetValue<int>());
        Assert.Null(upload["failure"]);
    }
}
