using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Docket.Application.Configuration;
using Docket.Application.Upload;
using Docket.Storage.Messaging;
using Docket.Storage.Projects;
using Docket.Storage.Uploads;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Docket.Functions.Upload;

/// <summary>
/// Items files from pipelines: a blob written to "items-drops/{projectId}/{path}", or a message on the
/// "items-drops" queue naming such a blob or carrying the items. Either way the file goes through
/// <see cref="ItemsIngestion"/> and a report lands in "items-results/{projectId}/{path}".
/// </summary>
public sealed class ItemsDropFunctions(ItemsIngestion ingestion, ProjectStore projects, UploadStore uploads, ILogger<ItemsDropFunctions> logger)
{
    public const string DropActor = "items-drops";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function(nameof(ItemsDropBlob))]
    public Task ItemsDropBlob(
        [BlobTrigger(UploadStore.DropsContainer + "/{projectId}/{path}", Connection = DocketSettings.StorageConnection, Source = BlobTriggerSource.EventGrid)] byte[] content,
        string projectId, string path, CancellationToken cancellationToken) =>
        IngestDropAsync(projectId, path, content, DropId($"blob|{projectId}/{path}|", content), cancellationToken);

    [Function(nameof(ItemsDropQueue))]
    public async Task ItemsDropQueue(
        [QueueTrigger(DocketQueues.ItemsDrops, Connection = DocketSettings.StorageConnection)] string message,
        CancellationToken cancellationToken)
    {
        ItemsDropMessage? drop;
        try
        {
            drop = JsonSerializer.Deserialize<ItemsDropMessage>(message, Json);
        }
        catch (JsonException exception)
        {
            logger.LogError("Message on {Queue} is not JSON ({Reason}); dropped", DocketQueues.ItemsDrops, exception.Message);
            return;
        }
        if (drop?.ProjectId is not { Length: > 0 } projectId || (drop.Blob is null) == (drop.Items is null))
        {
            logger.LogError("Message on {Queue} needs \"projectId\" and either \"blob\" or \"items\"; dropped", DocketQueues.ItemsDrops);
            return;
        }

        if (drop.Blob is not null)
        {
            var blob = drop.Blob.StartsWith(projectId + "/", StringComparison.Ordinal) ? drop.Blob : $"{projectId}/{drop.Blob}";
            var content = await uploads.ReadBlobAsync(UploadStore.DropsContainer, blob, cancellationToken);
            if (content is null)
            {
                await uploads.WriteBlobAsync(UploadStore.ResultsContainer, blob, BinaryData.FromObjectAsJson(new
                {
                    status = nameof(UploadStatus.Failed),
                    errors = new[] { new { field = "blob", message = $"no blob '{blob}' in container '{UploadStore.DropsContainer}'" } },
                }, Json), cancellationToken);
                return;
            }
            var bytes = content.ToArray();
            await IngestDropAsync(projectId, blob[(projectId.Length + 1)..], bytes, DropId($"blob|{blob}|", bytes), cancellationToken);
            return;
        }

        var items = Encoding.UTF8.GetBytes(drop.Items!.Value.GetRawText());
        var dropId = DropId("queue|", Encoding.UTF8.GetBytes(message));
        await IngestDropAsync(projectId, $"queue-{dropId}.json", items, dropId, cancellationToken);
    }

    async Task IngestDropAsync(string projectId, string path, byte[] content, string uploadId, CancellationToken cancellationToken)
    {
        var report = $"{projectId}/{path}";
        var project = await projects.GetAsync(projectId, cancellationToken);
        if (project is null)
        {
            await uploads.WriteBlobAsync(UploadStore.ResultsContainer, report, BinaryData.FromObjectAsJson(new
            {
                status = nameof(UploadStatus.Failed),
                errors = new[] { new { field = "projectId", message = $"project '{projectId}' was not found" } },
            }, Json), cancellationToken);
            return;
        }
        var outcome = await ingestion.IngestAsync(project, content, DropActor, report, uploadId, cancellationToken);
        logger.LogInformation("Items drop {Report} for {ProjectId}: {Outcome}", report, projectId, outcome.GetType().Name);
    }

    /// <summary>The same drop delivered again continues the same upload rather than starting another.</summary>
    static string DropId(string source, byte[] content)
    {
        var hash = SHA256.HashData([.. Encoding.UTF8.GetBytes(source), .. content]);
        return "drop-" + Convert.ToHexStringLower(hash)[..24];
    }

    sealed record ItemsDropMessage(string? ProjectId, string? Blob, JsonElement? Items);
}
