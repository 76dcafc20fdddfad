using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Docket.Application.Configuration;
using Docket.Application.Upload;
using Docket.Domain.Items;
using Docket.Domain.Projects;
using Docket.Domain.Validation;
using Docket.Storage.Messaging;
using Docket.Storage.Projects;
using Docket.Storage.Uploads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Docket.Functions.Upload;

/// <summary>
/// Items files from pipelines: a blob written to "items-drops/{projectId}/{path}", or a message on the
/// "items-drops" queue naming such a blob or carrying the items. Either way the file goes through
/// <see cref="ItemsIngestion"/> and a report lands in "items-results/{projectId}/{path}". Drops are held to the
/// same size limit as uploads over HTTP (<see cref="IngestionOptions.MaxBodyBytes"/>).
/// </summary>
public sealed class ItemsDropFunctions(ItemsIngestion ingestion, ProjectStore projects, UploadStore uploads,
    IOptions<IngestionOptions> options, ILogger<ItemsDropFunctions> logger)
{
    public const string DropActor = "items-drops";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function(nameof(ItemsDropBlob))]
    public async Task ItemsDropBlob(
        [BlobTrigger(UploadStore.DropsContainer + "/{projectId}/{path}", Connection = DocketSettings.StorageConnection,
            Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        string projectId, string path, CancellationToken cancellationToken)
    {
        var content = await ReadDropAsync(blob, $"{projectId}/{path}", "$", cancellationToken);
        if (content is not { } file) return;
        await IngestDropAsync(projectId, path, file, UploadIds.ForDrop($"blob|{projectId}/{path}|", file.Span), cancellationToken);
    }

    [Function(nameof(ItemsDropQueue))]
    public async Task ItemsDropQueue(
        [QueueTrigger(DocketQueues.ItemsDrops, Connection = DocketSettings.StorageConnection)] string message,
        CancellationToken cancellationToken)
    {
        if (Read(message) is not { } drop) return;
        if (drop.BlobProblem is { } problem)
        {
            await WriteFailureAsync(drop.Report, "blob", problem, cancellationToken);
            return;
        }
        if (drop.Blob is { } blob)
        {
            var client = uploads.Container(UploadStore.DropsContainer).GetBlobClient(blob);
            var content = await ReadDropAsync(client, blob, "blob", cancellationToken);
            if (content is not { } file) return;
            await IngestDropAsync(drop.ProjectId, blob[(drop.ProjectId.Length + 1)..], file,
                UploadIds.ForDrop($"blob|{blob}|", file.Span), cancellationToken);
            return;
        }

        var items = Encoding.UTF8.GetBytes(drop.Items!.Value.GetRawText());
        if (items.Length > options.Value.MaxBodyBytes)
        {
            await WriteFailureAsync(drop.Report, "items", TooLarge(items.Length), cancellationToken);
            return;
        }
        await IngestDropAsync(drop.ProjectId, drop.Report[(drop.ProjectId.Length + 1)..], items, drop.DropId,
            cancellationToken);
    }

    /// <summary>
    /// A drop message that failed on every delivery, which the host set aside in the poison queue: its report says
    /// so (unless the drop has one already), so that whoever dropped it sees it failed; dropping it again resumes it.
    /// </summary>
    [Function(nameof(ItemsDropPoisoned))]
    public async Task ItemsDropPoisoned(
        [QueueTrigger(DocketQueues.ItemsDrops + "-poison", Connection = DocketSettings.StorageConnection)]
        string message, CancellationToken cancellationToken)
    {
        if (Read(message) is not { } drop) return;
        if (await uploads.ReadBlobAsync(UploadStore.ResultsContainer, drop.Report, cancellationToken) is not null)
            return;
        logger.LogError("Items drop {Report} failed on every delivery; reported as failed", drop.Report);
        await WriteFailureAsync(drop.Report, "$",
            $"the drop failed on every delivery and was set aside in '{DocketQueues.ItemsDrops}-poison'; " +
            "drop it again to carry it on", cancellationToken);
    }

    /// <summary>A drop message as read: the blob it names or the items it carries, and where its report goes.</summary>
    sealed record Drop(string ProjectId, string? Blob, JsonElement? Items, string DropId, string Report,
        string? BlobProblem);

    /// <summary>The drop a message asks for, or null (logged) when it names no project one can report to.</summary>
    Drop? Read(string message)
    {
        ItemsDropMessage? drop;
        try
        {
            using var document = JsonDocument.Parse(message);
            // The message's own strings that are not text (a lone surrogate) would fail on every delivery, ending in
            // poison; the items' are reported by the items file's validation.
            foreach (var field in new[] { "projectId", "blob" })
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty(field, out var value)
                    && JsonUnicode.FirstInvalidString(value, field) is not null)
                {
                    logger.LogError("Message on {Queue}: {Field} {Problem}; dropped", DocketQueues.ItemsDrops, field,
                        JsonUnicode.LoneSurrogateMessage);
                    return null;
                }
            }
            drop = document.RootElement.Deserialize<ItemsDropMessage>(Json);
        }
        catch (JsonException exception)
        {
            logger.LogError("Message on {Queue} is not JSON ({Reason}); dropped", DocketQueues.ItemsDrops,
                exception.Message);
            return null;
        }
        if (drop?.ProjectId is not { Length: > 0 } projectId || (drop.Blob is null) == (drop.Items is null))
        {
            logger.LogError("Message on {Queue} needs \"projectId\" and either \"blob\" or \"items\"; dropped",
                DocketQueues.ItemsDrops);
            return null;
        }
        // Checked before any blob is named: the report's path and the blob's are built from them.
        if (!ProjectId.IsValid(projectId))
        {
            logger.LogError("Message on {Queue}: \"projectId\" must be 3-40 characters of a-z, 0-9 and '-'; dropped",
                DocketQueues.ItemsDrops);
            return null;
        }
        var dropId = UploadIds.ForDrop("queue|", Encoding.UTF8.GetBytes(message));
        var queueReport = $"{projectId}/queue-{dropId}.json";
        if (drop.Blob is null) return new Drop(projectId, null, drop.Items, dropId, queueReport, null);
        var blob = drop.Blob.StartsWith(projectId + "/", StringComparison.Ordinal)
            ? drop.Blob
            : $"{projectId}/{drop.Blob}";
        return DropPath.Problem(blob[(projectId.Length + 1)..]) is { } problem
            ? new Drop(projectId, null, null, dropId, queueReport, problem)
            : new Drop(projectId, blob, null, dropId, blob, null);
    }

    /// <summary>
    /// The drop's bytes, or null after reporting why there are none. The size is checked on the blob's properties
    /// before anything is downloaded, and the download itself stops past the limit (the blob may have been
    /// replaced in between).
    /// </summary>
    async Task<ReadOnlyMemory<byte>?> ReadDropAsync(BlobClient blob, string report, string field,
        CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBodyBytes;
        try
        {
            var size = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
            if (size > limit)
            {
                await WriteFailureAsync(report, field, TooLarge(size), cancellationToken);
                return null;
            }
            var download = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
            await using var content = download.Content;
            var file = await BoundedRead.ReadAsync(content, download.Details.ContentLength, limit, cancellationToken);
            if (file is null)
                await WriteFailureAsync(report, field, TooLarge(download.Details.ContentLength), cancellationToken);
            return file;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            await WriteFailureAsync(report, "blob", $"no blob '{blob.Name}' in container '{blob.BlobContainerName}'",
                cancellationToken);
            return null;
        }
    }

    string TooLarge(long size) => string.Create(CultureInfo.InvariantCulture,
        $"the file has {size:N0} bytes, more than the {options.Value.MaxBodyBytes:N0} bytes an items file may have");

    async Task IngestDropAsync(string projectId, string path, ReadOnlyMemory<byte> content, string uploadId,
        CancellationToken cancellationToken)
    {
        var report = $"{projectId}/{path}";
        var project = await projects.GetAsync(projectId, cancellationToken);
        if (project is null)
        {
            await WriteFailureAsync(report, "projectId", $"project '{projectId}' was not found", cancellationToken);
            return;
        }
        var outcome = await ingestion.IngestAsync(project, content, DropActor, report, uploadId, cancellationToken);
        logger.LogInformation("Items drop {Report} for {ProjectId}: {Outcome}", report, projectId,
            outcome.GetType().Name);
    }

    /// <summary>A report for a drop that could not even be read: the same shape as an invalid file's.</summary>
    Task WriteFailureAsync(string report, string field, string message, CancellationToken cancellationToken) =>
        uploads.WriteBlobAsync(UploadStore.ResultsContainer, report, BinaryData.FromObjectAsJson(new
        {
            status = nameof(UploadStatus.Failed),
            total = 0,
            created = 0,
            existing = 0,
            errorCount = 1,
            errors = new[] { new { field, message } },
        }, Json), cancellationToken);

    sealed record ItemsDropMessage(string? ProjectId, string? Blob, JsonElement? Items);
}
