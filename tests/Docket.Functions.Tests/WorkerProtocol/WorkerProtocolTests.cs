using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Docket.Functions.Tests.Infrastructure;
using Docket.Functions.Tests.WorkerProtocol.Messages;
using Xunit.Abstractions;

namespace Docket.Functions.Tests.WorkerProtocol;

/// <summary>The real built worker, driven through the Functions worker protocol as the Functions host does.</summary>
public sealed class WorkerProtocolTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_built_worker_loads_its_functions_and_runs_health_over_http_and_a_queue_function()
    {
        var clock = Stopwatch.StartNew();
        var connectionString = await TestStorage.ConnectionStringAsync();
        await using var harness = await WorkerHarness.StartAsync(ShippedWorker.Path, new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Docket__Storage"] = connectionString,
            ["Docket__CursorSigningKey"] = DocketHost.CursorSigningKey,
        });
        output.WriteLine($"worker started and loaded {harness.Functions.Count} functions "
                         + $"in {harness.StartupTime.TotalSeconds:F2} s");
        Assert.Contains("Health", harness.Functions.Keys);
        Assert.Contains("ItemsDropQueue", harness.Functions.Keys);

        var (response, invocation) = await harness.InvokeHttpAsync("Health", HttpMethod.Get, "api/health");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {harness.Diagnostics}");
        Assert.Equal(StatusResult.Types.Status.Success, invocation.Result.Status);

        // A queue drop for a project that does not exist: the function runs and writes a failed report.
        var projectId = Scenario.UniqueId("harness");
        var drop = JsonSerializer.Serialize(new { projectId, items = new[] { new { name = "a" } } });
        var queued = await harness.InvokeAsync("ItemsDropQueue", new TypedData { String = drop });
        Assert.True(queued.Result.Status == StatusResult.Types.Status.Success, queued.Result.Exception?.Message);
        var reports = new BlobContainerClient(connectionString, "items-results");
        var report = await Eventually.HoldsAsync(async () =>
        {
            var blobs = reports.GetBlobsAsync(BlobTraits.None, BlobStates.None, projectId + "/",
                CancellationToken.None);
            await foreach (var blob in blobs)
                return (await reports.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            return null;
        }, text => text is not null, TimeSpan.FromSeconds(10), "the queue function writes its report");
        Assert.Contains("Failed", report);
        output.WriteLine($"test done in {clock.Elapsed.TotalSeconds:F2} s");
    }
}
