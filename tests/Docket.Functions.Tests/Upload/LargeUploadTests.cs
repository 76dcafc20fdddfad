using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Upload;

/// <summary>
/// Files above the large-file threshold: 202, chunks through the queue, progress under …/uploads/{uploadId}.
/// </summary>
public sealed class LargeUploadTests
{
    /// <summary>
    /// Posts a large file and insists on 202 with an upload id and a Location naming it; returns the upload id.
    /// </summary>
    static async Task<string> PostLargeAsync(ApiClient admin, string projectId, string file)
    {
        using var response = await admin.PostAsync($"api/projects/{projectId}/items", file);
        var body = (await response.JsonAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted,
            $"{(int)response.StatusCode}: {body.ToJsonString()}");
        var uploadId = body["uploadId"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(uploadId));
        Assert.Equal($"/api/projects/{projectId}/uploads/{uploadId}", response.Headers.Location?.OriginalString);
        return uploadId;
    }

    static void AssertGeneratedTasks(List<DocketTask> tasks, int count, string prefix, string labeller)
    {
        Assert.Equal(count, tasks.Count);
        Assert.Equal(count, tasks.Select(t => t.TaskId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, count).Select(i => UploadProbes.Name(prefix, i)),
            tasks.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(count * 3 / 10, tasks.Count(t => t.Priority is not null));
        var preAssigned = tasks.Where(t => t.Assignee is not null).ToList();
        Assert.Equal(count / 10, preAssigned.Count);
        Assert.All(preAssigned, t => Assert.Equal((labeller, "preAssign", "ASSIGNED"),
            (t.Assignee, t.AssignedBy, t.Status)));
    }

    [Fact]
    public async Task A_6000_entry_file_is_ingested_in_chunks_exactly_once_and_posting_it_again_finds_that_upload()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("large");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var labeller = Scenario.UniqueEmail("labeller");
        await scenario.MemberAsync(projectId, labeller, "Member", ["Label"]);
        var file = Items.File(UploadProbes.GeneratedEntries(6_000, "big", labeller));

        var admin = scenario.OrgAdmin.Docket;
        var uploadId = await PostLargeAsync(scenario.OrgAdmin, projectId, file);
        var upload = await UploadProbes.FinishedAsync(admin, projectId, uploadId, TimeSpan.FromMinutes(2));
        Assert.True(upload.Status == "Completed", upload.Failure);
        Assert.Equal((6_000, 6_000, 0), (upload.Total, upload.Created, upload.Existing));
        Assert.Empty(upload.Errors);

        AssertGeneratedTasks(await UploadProbes.TasksAsync(admin, projectId), 6_000, "big", labeller);

        // The same file again (a client retrying after a lost answer) is the same upload, finished: nothing is
        // stored, sent or created again.
        var againId = await PostLargeAsync(scenario.OrgAdmin, projectId, file);
        Assert.Equal(uploadId, againId);
        Assert.Equivalent(upload, await admin.GetUploadAsync(projectId, againId), strict: true);
        Assert.Equal(6_000, (await UploadProbes.TasksAsync(admin, projectId)).Count);
    }

    [Fact]
    public async Task A_20_MB_file_arriving_over_12_seconds_is_accepted_and_ingested()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("slow");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        // 1,000 entries of 20 KB each: over the 4 MB in-request threshold, one chunk.
        var entries = Enumerable.Range(0, 1_000).Select(i => new JsonObject
        {
            ["name"] = UploadProbes.Name("slow", i),
            ["series"] = new JsonArray(new JsonObject { ["items"] = "s3://bucket/" + new string('x', 20_000) }),
        });
        var file = System.Text.Encoding.UTF8.GetBytes(Items.File(entries));
        Assert.True(file.Length > 20_000_000, $"{file.Length} bytes");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/projects/{projectId}/items")
        {
            Content = new SlowContent(file, pieces: 24, pause: TimeSpan.FromMilliseconds(500))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
        request.Headers.Authorization = new("Bearer", DocketHost.AdminKey);
        using var response = await scenario.Http.SendAsync(request);

        var body = (await response.JsonAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted,
            $"{(int)response.StatusCode}: {body.ToJsonString()}");
        var upload = await UploadProbes.FinishedAsync(scenario.OrgAdmin.Docket, projectId,
            body["uploadId"]!.GetValue<string>(), TimeSpan.FromMinutes(2));
        Assert.True(upload.Status == "Completed", upload.Failure);
        Assert.Equal(1_000, upload.Created);
    }

    /// <summary>A body that arrives in pieces with pauses between them, as over a slow link.</summary>
    sealed class SlowContent(byte[] bytes, int pieces, TimeSpan pause) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var size = (bytes.Length + pieces - 1) / pieces;
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)));
                await stream.FlushAsync();
                await Task.Delay(pause);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }

    [Fact]
    public async Task A_20000_entry_upload_with_the_host_killed_mid_ingestion_ends_with_every_task_exactly_once()
    {
        // An Azurite of its own: the shared in-process host listens on the same "upload-chunks" queue and would
        // quietly finish the killed host's chunks (and the host processes would take other tests' drops).
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        HostProcess? first = null;
        HostProcess? second = null;
        try
        {
            first = await HostProcess.StartAsync(azurite.ConnectionString);
            using var firstHttp = first.CreateClient();
            var admin = new ApiClient(firstHttp, DocketHost.AdminKey);
            var projectId = Scenario.UniqueId("crash");
            var labeller = Scenario.UniqueEmail("labeller");
            await admin.Docket.CreateProjectAsync(new CreateProjectRequest(projectId, "Project " + projectId, 1));
            await admin.Docket.PutUserAsync(labeller);
            await admin.Docket.PutMemberAsync(projectId, labeller,
                new PutMemberRequest(ProjectRole.Member) { Stages = ["Label"] });

            var uploadId = await PostLargeAsync(admin, projectId,
                Items.File(UploadProbes.GeneratedEntries(20_000, "crash", labeller)));
            var progress = await Eventually.HoldsAsync(() => admin.Docket.GetUploadAsync(projectId, uploadId),
                upload => upload.Created > 0 || upload.Status != "Ingesting", TimeSpan.FromMinutes(2),
                "the first host ingests a chunk");
            Assert.True(progress is { Status: "Ingesting", Created: < 20_000 },
                $"the upload must still be under way when the host is killed: {progress}");
            first.Kill();

            second = await HostProcess.StartAsync(azurite.ConnectionString);
            using var secondHttp = second.CreateClient();
            var survivor = new ApiClient(secondHttp, DocketHost.AdminKey).Docket;
            var upload = await UploadProbes.FinishedAsync(survivor, projectId, uploadId, TimeSpan.FromMinutes(4));
            Assert.True(upload.Status == "Completed", upload.Failure);
            Assert.Equal((20_000, 20_000, 0), (upload.Total, upload.Created, upload.Existing));

            AssertGeneratedTasks(await UploadProbes.TasksAsync(survivor, projectId), 20_000, "crash", labeller);
            // The labeller's queue holds each preAssigned task once, whatever the crash left half-written.
            var queued = await survivor.EnumerateQueueAsync(projectId, "Label", labeller)
                .Select(t => t.TaskId).ToListAsync();
            Assert.Equal(2_000, queued.Count);
            Assert.Equal(2_000, queued.Distinct().Count());
        }
        catch (Exception exception)
        {
            // What the hosts said is the best clue to a crash test that failed.
            throw new Xunit.Sdk.XunitException(
                $"{exception}\n--- first host ---\n{first?.Output}\n--- second host ---\n{second?.Output}");
        }
        finally
        {
            if (first is not null) await first.DisposeAsync();
            if (second is not null) await second.DisposeAsync();
        }
    }
}
