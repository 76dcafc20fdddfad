using System.Text.Json;
using Docket.Application.Configuration;
using Docket.Application.Messaging;
using Docket.Application.Ports;
using Microsoft.Extensions.Options;

namespace Docket.Application.Upload;

/// <summary>
/// Asks for a chunk on the "upload-chunks" queue. A message lives <see cref="IngestionOptions.StaleUploadAge"/>: one
/// sent longer ago than that is no longer waiting in the queue, so the sweep can ask again without doubling work.
/// </summary>
public sealed class ChunkMessages(IMessageQueues queues, IOptions<IngestionOptions> options)
{
    static readonly JsonSerializerOptions Json = StoredJson.Options;

    public Task SendAsync(string uploadId, int chunk, CancellationToken cancellationToken) =>
        queues.SendAsync(QueueNames.UploadChunks,
            JsonSerializer.Serialize(new UploadChunkMessage(uploadId, chunk), Json), cancellationToken,
            timeToLive: options.Value.StaleUploadAge);
}
