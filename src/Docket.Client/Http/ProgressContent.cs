using System.Net;
using System.Net.Http.Headers;

namespace Docket.Client.Http;

/// <summary>
/// A JSON body sent from memory in slices, telling how many bytes went out; it can be sent again on a retry.
/// </summary>
sealed class ProgressContent : HttpContent
{
    const int SliceBytes = 64 * 1024;
    readonly ReadOnlyMemory<byte> body;
    readonly Action<long> sent;

    public ProgressContent(ReadOnlyMemory<byte> body, Action<long> sent)
    {
        this.body = body;
        this.sent = sent;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context,
        CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < body.Length; offset += SliceBytes)
        {
            var slice = body.Slice(offset, Math.Min(SliceBytes, body.Length - offset));
            await stream.WriteAsync(slice, cancellationToken);
            sent(offset + slice.Length);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
