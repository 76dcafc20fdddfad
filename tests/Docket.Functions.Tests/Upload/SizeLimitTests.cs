using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Upload;

/// <summary>
/// A host whose size limit for items files is lowered to 16 KiB, on an Azurite of its own: the shared host would
/// otherwise pick up the drops too and judge them by the 100 MB default.
/// </summary>
public sealed class SmallLimitWorld : IAsyncLifetime
{
    // Small enough that a queue message (at most 64 KiB, Base64) can carry a file over it.
    public const long Limit = 16 * 1024;

    AzuriteProcess? azurite;

    public RunningHost Host { get; private set; } = null!;
    public string ConnectionString => azurite!.ConnectionString;

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        Host = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Docket:Ingestion:MaxBodyBytes"] = Limit.ToString(),
        }, azurite.ConnectionString, queueAndBlobTriggers: true);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await azurite!.DisposeAsync();
    }
}

public sealed class SizeLimitTests(SmallLimitWorld world) : IClassFixture<SmallLimitWorld>
{
    /// <summary>A body sent chunked, without Content-Length, so its size is known only by reading it.</summary>
    sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        public ChunkedContent(string text) : this(Encoding.UTF8.GetBytes(text)) =>
            Headers.ContentType = new MediaTypeHeaderValue("application/json");

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    async Task<(Scenario Scenario, string ProjectId)> ProjectAsync()
    {
        var scenario = await Scenario.StartAsync(world.Host);
        var projectId = Scenario.UniqueId("limits");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        return (scenario, projectId);
    }

    /// <summary>A valid items file of at least <paramref name="bytes"/> bytes.</summary>
    static string FileOfAtLeast(long bytes)
    {
        var entries = new List<object>();
        while (Items.File(entries).Length < bytes)
            entries.Add(Items.Entry($"entry-{entries.Count:D5}-{new string('x', 200)}"));
        return Items.File(entries);
    }

    async Task<HttpResponseMessage> PostChunkedAsync(Scenario scenario, string projectId, string file)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/projects/{projectId}/items")
        {
            Content = new ChunkedContent(file)
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DocketHost.AdminKey);
        request.Headers.TransferEncodingChunked = true;
        return await scenario.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_and_one_under_it_is_ingested()
    {
        var (scenario, projectId) = await ProjectAsync();

        using var tooLarge = await PostChunkedAsync(scenario, projectId, FileOfAtLeast(SmallLimitWorld.Limit + 1));
        var problem = (await tooLarge.JsonAsync())!;
        Assert.True(tooLarge.StatusCode == HttpStatusCode.RequestEntityTooLarge, problem.ToJsonString());
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        Assert.Contains("16,384 bytes", problem["detail"]!.GetValue<string>());
        Assert.Empty(await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId));

        using var fits = await PostChunkedAsync(scenario, projectId,
            Items.File([Items.Entry("small-a"), Items.Entry("small-b")]));
        Assert.True(fits.StatusCode == HttpStatusCode.OK, await fits.Content.ReadAsStringAsync());
        Assert.Equal(["small-a", "small-b"],
            UploadProbes.Names(await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId)));
    }

    [Fact]
    public async Task A_chunked_body_that_never_ends_is_answered_413_once_it_passes_the_limit()
    {
        var (_, projectId) = await ProjectAsync();
        // Raw HTTP: a client library stops at the first failed write and never shows the answer that came first.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(world.Host.BaseAddress.Host, world.Host.BaseAddress.Port);
        var connection = tcp.GetStream();
        await connection.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/projects/{projectId}/items HTTP/1.1\r\nHost: {world.Host.BaseAddress.Authority}\r\n" +
            $"Authorization: Bearer {DocketHost.AdminKey}\r\nContent-Type: application/json\r\n" +
            "Transfer-Encoding: chunked\r\n\r\n"));

        long sent = 0;
        using var stop = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            var data = Encoding.UTF8.GetBytes("[" + string.Concat(Enumerable.Repeat("{\"name\":\"endless\"},", 400)));
            byte[] chunk = [.. Encoding.ASCII.GetBytes($"{data.Length:X}\r\n"), .. data, .. "\r\n"u8];
            try
            {
                while (Interlocked.Read(ref sent) < 1L << 30)
                {
                    await connection.WriteAsync(chunk, stop.Token);
                    Interlocked.Add(ref sent, data.Length);
                }
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException)
            {
                // The server has answered and closed the connection, or the test has seen enough.
            }
        });
        using var response = new StreamReader(connection, Encoding.ASCII, leaveOpen: true);
        var statusLine = await response.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var sentBeforeTheAnswer = Interlocked.Read(ref sent);
        await stop.CancelAsync();
        await writing;

        Assert.StartsWith("HTTP/1.1 413", statusLine);
        // Whatever the socket buffers held, far from the gigabyte a reader of the whole body would wait for.
        Assert.True(sentBeforeTheAnswer < 32L << 20, $"{sentBeforeTheAnswer:N0} bytes were sent before the answer");
    }

    [Fact]
    public async Task A_body_declaring_a_length_over_the_limit_is_413()
    {
        var (scenario, projectId) = await ProjectAsync();

        using var response = await scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/items",
            FileOfAtLeast(SmallLimitWorld.Limit + 1));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    static void AssertTooLarge(JsonNode report, string field)
    {
        Assert.Equal("Failed", report["status"]!.GetValue<string>());
        Assert.Equal(0, report["created"]!.GetValue<int>());
        Assert.Equal(1, report["errorCount"]!.GetValue<int>());
        var error = Assert.Single(report["errors"]!.AsArray())!;
        Assert.Equal(field, error["field"]!.GetValue<string>());
        Assert.Matches("^the file has [0-9,]+ bytes, more than the 16,384 bytes an items file may have$",
            error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dropped_blob_over_the_limit_gets_a_failed_report_naming_its_size_and_the_limit()
    {
        var (scenario, projectId) = await ProjectAsync();
        var drops = await UploadProbes.ContainerAsync(UploadProbes.DropsContainer, world.ConnectionString);

        await drops.UploadBlobAsync($"{projectId}/big.json",
            BinaryData.FromString(FileOfAtLeast(SmallLimitWorld.Limit + 1)));

        AssertTooLarge(
            await UploadProbes.ReportAsync(projectId, "big.json", connectionString: world.ConnectionString), "$");
        Assert.Empty(await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId));
    }

    [Fact]
    public async Task A_queue_drop_naming_a_blob_over_the_limit_gets_a_failed_report()
    {
        var scenario = await Scenario.StartAsync(world.Host);
        var projectId = Scenario.UniqueId("limits");
        var drops = await UploadProbes.ContainerAsync(UploadProbes.DropsContainer, world.ConnectionString);
        // Dropped before the project exists, the blob trigger can only report the project missing; the report
        // that follows is the queue message's.
        await drops.UploadBlobAsync($"{projectId}/big.json",
            BinaryData.FromString(FileOfAtLeast(SmallLimitWorld.Limit + 1)));
        var early = await UploadProbes.ReportAsync(projectId, "big.json", connectionString: world.ConnectionString);
        Assert.Equal("Failed", early["status"]!.GetValue<string>());
        await (await UploadProbes.ContainerAsync(UploadProbes.ResultsContainer, world.ConnectionString))
            .DeleteBlobAsync($"{projectId}/big.json");
        await scenario.ProjectAsync(projectId, reviewStages: 0);

        await UploadProbes.SendDropAsync(new JsonObject { ["projectId"] = projectId, ["blob"] = "big.json" },
            world.ConnectionString);

        AssertTooLarge(
            await UploadProbes.ReportAsync(projectId, "big.json", connectionString: world.ConnectionString), "blob");
        Assert.Empty(await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId));
    }

    [Fact]
    public async Task A_queue_drop_carrying_items_over_the_limit_gets_a_failed_report()
    {
        var (scenario, projectId) = await ProjectAsync();

        await UploadProbes.SendDropAsync(new JsonObject
        {
            ["projectId"] = projectId,
            ["items"] = JsonNode.Parse(FileOfAtLeast(SmallLimitWorld.Limit + 1)),
        }, world.ConnectionString);

        AssertTooLarge(await UploadProbes.QueueDropReportAsync(projectId, world.ConnectionString), "items");
        Assert.Empty(await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId));
    }
}
