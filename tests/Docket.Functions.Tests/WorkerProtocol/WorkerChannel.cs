using System.Collections.Concurrent;
using System.Threading.Channels;
using Docket.Functions.Tests.WorkerProtocol.Messages;
using Grpc.Core;

namespace Docket.Functions.Tests.WorkerProtocol;

/// <summary>
/// The host's end of one worker's event stream: messages to the worker are queued and written in order; messages
/// from the worker complete whoever waits for them (by kind, function id or invocation id).
/// </summary>
public sealed class WorkerChannel : FunctionRpc.FunctionRpcBase
{
    readonly Channel<StreamingMessage> outbound = Channel.CreateUnbounded<StreamingMessage>();
    readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> waiting = new();

    public ConcurrentQueue<RpcLog> Logs { get; } = new();

    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        var writing = WriteAllAsync(responseStream, context.CancellationToken);
        try
        {
            await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
            {
                if (message.ContentCase == StreamingMessage.ContentOneofCase.RpcLog)
                    Logs.Enqueue(message.RpcLog);
                else
                    Waiter(KeyOf(message)).TrySetResult(message);
            }
        }
        catch (OperationCanceledException)
        {
            // The worker went away.
        }
        outbound.Writer.TryComplete();
        await writing;
    }

    public ValueTask SendAsync(StreamingMessage message, CancellationToken cancellationToken) =>
        outbound.Writer.WriteAsync(message, cancellationToken);

    /// <summary>The next message of a kind (and, for loads and invocations, for one function or invocation).</summary>
    public Task<StreamingMessage> ReceiveAsync(StreamingMessage.ContentOneofCase kind, string? id,
        CancellationToken cancellationToken) =>
        Waiter(Key(kind, id)).Task.WaitAsync(cancellationToken);

    async Task WriteAllAsync(IServerStreamWriter<StreamingMessage> responseStream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in outbound.Reader.ReadAllAsync(cancellationToken))
                await responseStream.WriteAsync(message, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    TaskCompletionSource<StreamingMessage> Waiter(string key) =>
        waiting.GetOrAdd(key, _ => new TaskCompletionSource<StreamingMessage>(
            TaskCreationOptions.RunContinuationsAsynchronously));

    static string KeyOf(StreamingMessage message) => message.ContentCase switch
    {
        StreamingMessage.ContentOneofCase.FunctionLoadResponse =>
            Key(message.ContentCase, message.FunctionLoadResponse.FunctionId),
        StreamingMessage.ContentOneofCase.InvocationResponse =>
            Key(message.ContentCase, message.InvocationResponse.InvocationId),
        _ => Key(message.ContentCase, null),
    };

    static string Key(StreamingMessage.ContentOneofCase kind, string? id) => $"{kind}|{id}";
}
