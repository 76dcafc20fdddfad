using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Docket.Application.Upload;
using Docket.Storage.Connection;

namespace Docket.Functions.Tests.Upload;

/// <summary>
/// Records every message a host sends to the "upload-chunks" queue (an Azure.Core policy in its real storage
/// pipeline, once per call whatever the retries), so tests can count how often each chunk was asked for.
/// </summary>
public sealed partial class ChunkMessageLog : HttpPipelineSynchronousPolicy
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly ConcurrentQueue<UploadChunkMessage> sent = new();

    public StoragePipelinePolicy AsStoragePolicy() => new(this, HttpPipelinePosition.PerCall);

    /// <returns>How many times each chunk of the upload was sent, by chunk.</returns>
    public IReadOnlyDictionary<int, int> SendsOf(string uploadId) => sent.Where(m => m.UploadId == uploadId)
        .GroupBy(m => m.Chunk).ToDictionary(g => g.Key, g => g.Count());

    public override void OnSendingRequest(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Post
            || !message.Request.Uri.Path.EndsWith("/upload-chunks/messages", StringComparison.Ordinal)
            || message.Request.Content is not { } content)
            return;
        using var buffer = new MemoryStream();
        content.WriteTo(buffer, CancellationToken.None);
        // <QueueMessage><MessageText>Base64 of the JSON</MessageText></QueueMessage>
        var text = MessageText().Match(Encoding.UTF8.GetString(buffer.ToArray())).Groups[1].Value;
        sent.Enqueue(JsonSerializer.Deserialize<UploadChunkMessage>(Convert.FromBase64String(text), Json)!);
    }

    [GeneratedRegex("<MessageText>([^<]*)</MessageText>")]
    private static partial Regex MessageText();
}
