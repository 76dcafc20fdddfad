using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Docket.Client;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Upload;

/// <summary>What the upload tests look at: drop containers and reports, upload progress, the whole Data Page.</summary>
public static class UploadProbes
{
    public const string DropsContainer = "items-drops";
    public const string ResultsContainer = "items-results";

    public static async Task<BlobContainerClient> ContainerAsync(string name, string? connectionString = null)
    {
        var container = new BlobContainerClient(connectionString ?? await TestStorage.ConnectionStringAsync(), name);
        await container.CreateIfNotExistsAsync();
        return container;
    }

    /// <summary>Waits for the report of a drop at items-results/{projectId}/{path}.</summary>
    public static async Task<JsonNode> ReportAsync(string projectId, string path, TimeSpan? timeout = null,
        string? connectionString = null)
    {
        var blob = (await ContainerAsync(ResultsContainer, connectionString)).GetBlobClient($"{projectId}/{path}");
        var report = await Eventually.HoldsAsync(async () =>
                (await blob.ExistsAsync()).Value
                    ? JsonNode.Parse((await blob.DownloadContentAsync()).Value.Content.ToString())
                    : null,
            report => report is not null, timeout ?? TimeSpan.FromSeconds(30),
            $"a report appears at {ResultsContainer}/{projectId}/{path}");
        return report!;
    }

    /// <summary>Waits for the report of the one queue drop sent for the project (named after the message).</summary>
    public static async Task<JsonNode> QueueDropReportAsync(string projectId, string? connectionString = null)
    {
        var results = await ContainerAsync(ResultsContainer, connectionString);
        var reports = await Eventually.HoldsAsync(async () =>
        {
            var names = new List<string>();
            await foreach (var blob in results.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{projectId}/queue-",
                CancellationToken.None))
                names.Add(blob.Name);
            return names;
        }, names => names.Count > 0, because: $"a report appears under {ResultsContainer}/{projectId}/queue-");
        var name = Assert.Single(reports);
        Assert.EndsWith(".json", name);
        return await ReportAsync(projectId, name[(projectId.Length + 1)..], connectionString: connectionString);
    }

    /// <summary>Sends a message to the items-drops queue, as a pipeline would.</summary>
    public static Task SendDropAsync(JsonObject message, string? connectionString = null) =>
        SendDropAsync(message.ToJsonString(), connectionString);

    /// <summary>Sends a message as written (e.g. with escapes a JSON node would not keep).</summary>
    /// <param name="queueName">Another queue than items-drops: its poison queue, as the host moves a message there.
    /// </param>
    public static async Task SendDropAsync(string message, string? connectionString = null,
        string queueName = "items-drops")
    {
        var queue = new QueueClient(connectionString ?? await TestStorage.ConnectionStringAsync(), queueName,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(message);
    }

    /// <summary>Waits until the upload has finished (Completed or Failed), asking through Docket.Client.</summary>
    public static Task<Contracts.UploadStatus> FinishedAsync(DocketClient client, string projectId, string uploadId,
        TimeSpan timeout) =>
        Eventually.HoldsAsync(() => client.GetUploadAsync(projectId, uploadId), upload => upload.IsFinished, timeout,
            $"upload {uploadId} finishes");

    /// <summary>Every task of the project the caller may see, through Docket.Client's walk of the Data Page.</summary>
    public static async Task<List<Contracts.DocketTask>> TasksAsync(DocketClient client, string projectId) =>
        await client.EnumerateTasksAsync(projectId, new TaskQuery { Limit = 500 }).ToListAsync();

    /// <summary>Every task of the project the caller may see.</summary>
    public static Task<List<Contracts.DocketTask>> DataPageAsync(ApiClient client, string projectId) =>
        TasksAsync(client.Docket, projectId);

    public static string[] Names(IEnumerable<Contracts.DocketTask> tasks) =>
        tasks.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// A generated items file's entries: every third of ten (30%) prioritised with a distinct nine-decimal priority,
    /// every tenth preAssigned to <paramref name="labeller"/> in Label.
    /// </summary>
    public static List<object> GeneratedEntries(int count, string prefix, string labeller) =>
        Enumerable.Range(0, count).Select(i => Items.Entry(Name(prefix, i),
            i % 10 < 3 ? "0." + ((i * 7_919L + 1) % 1_000_000_000).ToString("D9") : null,
            i % 10 == 9 ? new Dictionary<string, string> { ["Label"] = labeller } : null)).ToList();

    public static string Name(string prefix, int index) => $"{prefix}-{index:D5}";
}
