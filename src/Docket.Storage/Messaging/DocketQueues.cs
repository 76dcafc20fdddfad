using Azure.Storage.Queues;
using Docket.Application.Messaging;
using Docket.Application.Ports;
using Docket.Storage.Connection;

namespace Docket.Storage.Messaging;

/// <summary>Docket's queues (<see cref="QueueNames"/>), created on first use.</summary>
public sealed class DocketQueues(StorageAccount account) : IMessageQueues
{
    readonly CreatedOnce creation = new(ct =>
        Task.WhenAll(QueueNames.All.Select(q =>
            account.Queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: ct))));

    public QueueClient Get(string name) => account.Queues.GetQueueClient(name);

    /// <param name="timeToLive">How long the message waits to be picked up before it expires (the queue's default
    /// of 7 days when null).</param>
    public async Task SendAsync(string queue, string message, CancellationToken cancellationToken,
        TimeSpan? delay = null, TimeSpan? timeToLive = null)
    {
        await creation.EnsureAsync(cancellationToken);
        await Get(queue).SendMessageAsync(message, visibilityTimeout: delay, timeToLive: timeToLive,
            cancellationToken: cancellationToken);
    }
}
