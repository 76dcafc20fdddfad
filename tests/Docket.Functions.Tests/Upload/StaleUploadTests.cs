using Docket.Client;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Upload;

/// <summary>The sweep asks again for the chunks nothing will ingest, and only for those, once each.</summary>
public sealed class StaleUploadTests(SweepWorld world) : IClassFixture<SweepWorld>
{
    async Task<(DocketClient Admin, string ProjectId)> ProjectAsync()
    {
        var scenario = await Scenario.StartAsync(world.First);
        var projectId = Scenario.UniqueId("stale");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        return (scenario.OrgAdmin.Docket, projectId);
    }

    static List<BinaryData> Chunks(string prefix, int count) =>
        Enumerable.Range(0, count).Select(c => SweepWorld.Chunk(prefix, c)).ToList();

    static Task<Contracts.UploadStatus> CompletedAsync(DocketClient admin, string projectId, string uploadId) =>
        Eventually.HoldsAsync(() => admin.GetUploadAsync(projectId, uploadId), u => u.Status == "Completed",
            TimeSpan.FromSeconds(60), $"upload {uploadId} completes");

    [Fact]
    public async Task An_upload_whose_chunk_rows_and_messages_were_never_written_is_finished_by_the_sweep()
    {
        var (admin, projectId) = await ProjectAsync();
        // The state a process leaves when it dies right after saving the upload: chunks stored, nothing sent.
        var uploadId = await world.SaveUploadAsync(projectId, Chunks("unsent", 3), sentAt: null);

        var done = await CompletedAsync(admin, projectId, uploadId);
        Assert.Equal((30, 0, 3), (done.Created, done.Existing, done.ChunksDone));
        Assert.Equal(30, (await UploadProbes.TasksAsync(admin, projectId)).Count);
    }

    [Fact]
    public async Task Chunks_waiting_in_the_queue_are_not_sent_again_however_old_their_upload()
    {
        var (admin, projectId) = await ProjectAsync();
        // An upload an hour old whose chunks were just sent: the messages become visible after a second.
        var uploadId = await world.SaveUploadAsync(projectId, Chunks("waiting", 3), sentAt: DateTimeOffset.UtcNow);
        for (var chunk = 0; chunk < 3; chunk++)
            await world.SendChunkAsync(uploadId, chunk, TimeSpan.FromSeconds(1));

        var done = await CompletedAsync(admin, projectId, uploadId);
        Assert.Equal(30, done.Created);
        Assert.Empty(world.Sent.SendsOf(uploadId));
    }

    [Fact]
    public async Task Two_hosts_sweeping_at_once_send_each_lost_chunk_once()
    {
        var (admin, projectId) = await ProjectAsync();
        // Chunk rows say the messages were sent an hour ago; they never arrived.
        var uploadId = await world.SaveUploadAsync(projectId, Chunks("lost", 3),
            sentAt: DateTimeOffset.UtcNow.AddHours(-1));

        await CompletedAsync(admin, projectId, uploadId);
        Assert.Equal(new Dictionary<int, int> { [0] = 1, [1] = 1, [2] = 1 }, world.Sent.SendsOf(uploadId));
    }
}
