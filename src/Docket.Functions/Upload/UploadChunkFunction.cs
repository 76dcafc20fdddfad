using Docket.Functions.Configuration;
using Docket.Storage.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace Docket.Functions.Upload;

public sealed class UploadChunkFunction(ItemsIngestion ingestion)
{
    [Function(nameof(IngestUploadChunk))]
    public Task IngestUploadChunk(
        [QueueTrigger(DocketQueues.UploadChunks, Connection = DocketSettings.StorageConnection)] UploadChunkMessage message,
        CancellationToken cancellationToken) =>
        ingestion.IngestChunkAsync(message, cancellationToken);
}
