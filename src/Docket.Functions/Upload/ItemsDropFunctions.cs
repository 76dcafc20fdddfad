using Azure.Storage.Blobs;
using Docket.Application.Configuration;
using Docket.Application.Messaging;
using Docket.Application.Upload;

namespace Docket.Functions.Upload;

/// <summary>
/// Items files from pipelines (see <see cref="ItemsDrops"/>): a blob written to "items-drops/{projectId}/{path}", or
/// a message on the "items-drops" queue; a message that failed on every delivery is reported as failed.
/// </summary>
public sealed class ItemsDropFunctions(ItemsDrops drops)
{
    /// <param name="blob">Bound so the host triggers on the blob; the drop is read through storage's port, which
    /// checks its size before downloading it.</param>
    [Function(nameof(ItemsDropBlob))]
    public Task ItemsDropBlob(
        [BlobTrigger(UploadContainers.Drops + "/{projectId}/{path}", Connection = DocketSettings.StorageConnection,
            Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        string projectId, string path, CancellationToken cancellationToken) =>
        drops.IngestFileAsync(projectId, path, cancellationToken);

    [Function(nameof(ItemsDropQueue))]
    public Task ItemsDropQueue(
        [QueueTrigger(QueueNames.ItemsDrops, Connection = DocketSettings.StorageConnection)] string message,
        CancellationToken cancellationToken) =>
        drops.IngestMessageAsync(message, cancellationToken);

    [Function(nameof(ItemsDropPoisoned))]
    public Task ItemsDropPoisoned(
        [QueueTrigger(QueueNames.ItemsDrops + "-poison", Connection = DocketSettings.StorageConnection)]
        string message, CancellationToken cancellationToken) =>
        drops.ReportPoisonedAsync(message, cancellationToken);
}
