using Azure;
using Docket.Application.Ports;
using Docket.Storage.Connection;

namespace Docket.Storage.Messaging;

/// <summary>
/// A queue's approximate message count (its properties) and the oldest message's age (a peek at the front, which
/// leaves the message where it is).
/// </summary>
public sealed class QueueInspector(StorageAccount account, TimeProvider clock) : IQueueInspector
{
    /// <summary>How long the front message has waited; null when there is none, or when it is not Base64 as
    /// Docket's messages are (someone else put it there), since the client decodes what it peeks.</summary>
    async Task<TimeSpan?> OldestAgeAsync(Azure.Storage.Queues.QueueClient client,
        CancellationToken cancellationToken)
    {
        try
        {
            var front = await client.PeekMessagesAsync(1, cancellationToken);
            return front.Value.FirstOrDefault()?.InsertedOn is { } inserted ? clock.GetUtcNow() - inserted : null;
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException
                                              or ArgumentException)
        {
            return null;
        }
    }

    public async Task<QueueState> ReadAsync(string queue, CancellationToken cancellationToken)
    {
        var client = account.Queues.GetQueueClient(queue);
        try
        {
            var properties = await client.GetPropertiesAsync(cancellationToken);
            return new QueueState(queue, properties.Value.ApproximateMessagesCount,
                await OldestAgeAsync(client, cancellationToken));
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return new QueueState(queue, 0, null);
        }
    }
}
