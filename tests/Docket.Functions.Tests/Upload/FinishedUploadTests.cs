using Docket.Application.Upload;
using Docket.Functions.Tests.Infrastructure;
using Docket.Storage.Uploads;

namespace Docket.Functions.Tests.Upload;

/// <summary>An upload that ends, Failed (with the reason) or Completed, keeps its record and loses its chunks.
/// </summary>
public sealed class FinishedUploadTests(SweepWorld world) : IClassFixture<SweepWorld>
{
    /// <summary>The project's upload events in the feed, once there are <paramref name="count"/> (the feed stays a
    /// few seconds behind the present).</summary>
    static Task<IReadOnlyList<Docket.Contracts.DocketEvent>> UploadEventsAsync(Docket.Client.DocketClient admin,
        string projectId, int count = 1) =>
        Eventually.HoldsAsync(
            async () => (await admin.GetEventsAsync(projectId, types: ["upload.completed", "upload.failed"])).Events,
            events => events.Count >= count, TimeSpan.FromSeconds(90), "the upload's event in the feed");

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

        var admin = scenario.OrgAdmin.Docket;
        var failed = await UploadProbes.FinishedAsync(admin, projectId, uploadId, TimeSpan.FromSeconds(60));
        Assert.True(failed.Status == "Failed", failed.ToString());
        var failure = failed.Failure!;
        Assert.StartsWith(
            $"chunk 1 (of 2, numbered from 0) failed {SweepWorld.MaxChunkAttempts} attempts; last error: ", failure);
        Assert.Contains("JsonException", failure);
        Assert.Equal((10, 1), (failed.Created, failed.ChunksDone));
        Assert.NotNull(failed.CompletedAt);

        var report = await UploadProbes.ReportAsync(projectId, "failing.json",
            connectionString: world.ConnectionString);
        Assert.Equal("Failed", report["status"]!.GetValue<string>());
        Assert.Equal(failure, report["failure"]!.GetValue<string>());
        Assert.Equal(10, report["created"]!.GetValue<int>());
        // The record was the event's outbox: upload.failed went out once, with the upload as GET shows it.
        var ended = Assert.Single(await UploadEventsAsync(admin, projectId));
        Assert.Equal(("upload.failed", uploadId, "Failed", failure),
            (ended.Type, ended.Upload!.UploadId, ended.Upload.Status, ended.Upload.Failure));
        Assert.Null(ended.Task);

        await Eventually.HoldsAsync(() => world.ChunksGoneAsync(uploadId), gone => gone, TimeSpan.FromSeconds(60),
            "the failed upload's chunk blobs and rows are deleted");
        // Longer than a chunk's message lives and the sweep waits: nothing asks for the chunk again.
        var sends = world.Sent.SendsOf(uploadId);
        await Task.Delay(SweepWorld.StaleUploadAge * 2);
        Assert.Equal(sends, world.Sent.SendsOf(uploadId));
        Assert.Equivalent(failed, await admin.GetUploadAsync(projectId, uploadId), strict: true);
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

        var admin = scenario.OrgAdmin.Docket;
        var again = await admin.StartUploadAsync(projectId, System.Text.Encoding.UTF8.GetBytes(file));

        Assert.Equal((uploadId, null), (again.UploadId, again.Result));
        var done = await UploadProbes.FinishedAsync(admin, projectId, uploadId, TimeSpan.FromSeconds(60));
        Assert.True(done.Status == "Completed", done.ToString());
        Assert.Equal((30, null), (done.Created, done.Failure));
        var tasks = await UploadProbes.TasksAsync(admin, projectId);
        Assert.Equal(30, tasks.Select(t => t.Name).Distinct().Count());
        Assert.Equal(30, tasks.Count);
        // Resumed and completed: upload.completed, once; the earlier failure was reported when it happened.
        var ended = Assert.Single(await UploadEventsAsync(admin, projectId));
        Assert.Equal(("upload.completed", uploadId, 30), (ended.Type, ended.Upload!.UploadId, ended.Upload.Created));
    }

    [Fact]
    public async Task A_completed_upload_keeps_its_counts_and_its_chunk_blobs_and_rows_are_deleted()
    {
        var scenario = await Scenario.StartAsync(world.First);
        var projectId = Scenario.UniqueId("cleanup");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var file = Items.File(Enumerable.Range(0, 50).Select(i => Items.Entry($"clean-{i:D2}")));
        var admin = scenario.OrgAdmin.Docket;
        var uploadId = (await admin.StartUploadAsync(projectId, System.Text.Encoding.UTF8.GetBytes(file))).UploadId!;

        await UploadProbes.FinishedAsync(admin, projectId, uploadId, TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(() => world.ChunksGoneAsync(uploadId), gone => gone, TimeSpan.FromSeconds(60),
            "the completed upload's chunk blobs and rows are deleted");

        var upload = await admin.GetUploadAsync(projectId, uploadId);
        Assert.Equal(("Completed", 50, 0, 5, 5, null),
            (upload.Status, upload.Created, upload.Existing, upload.Chunks, upload.ChunksDone, upload.Failure));
    }
}
