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

    public async Task<IReadOnlyList<WaitingMessage>> PeekAsync(string queue, int max,
        CancellationToken cancellationToken)
    {
        try
        {
            var peeked = await account.Queues.GetQueueClient(queue).PeekMessagesAsync(Math.Clamp(max, 1, 32),
                cancellationToken);
            return peeked.Value.Select(m => new WaitingMessage(m.MessageId, m.InsertedOn, m.DequeueCount,
                m.Body.ToString())).ToList();
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return [];
        }
    }

    /// <summary>
    /// A message is sent on before it is deleted: a crash between the two leaves it in both queues (replayed twice,
    /// which Docket's messages tolerate: each carries the business id it is checked by), never in neither.
    /// </summary>
    public async Task<int> DrainAsync(string from, string? to, int max, CancellationToken cancellationToken)
    {
        var source = account.Queues.GetQueueClient(from);
        var target = to is null ? null : account.Queues.GetQueueClient(to);
        if (target is not null) await target.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var moved = 0;
        try
        {
            while (moved < max)
            {
                var batch = (await source.ReceiveMessagesAsync(Math.Min(32, max - moved),
                    TimeSpan.FromMinutes(1), cancellationToken)).Value;
                if (batch.Length == 0) break;
                foreach (var message in batch)
                {
                    if (target is not null) await target.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                    await source.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    moved++;
                }
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }
        return moved;
    }
}
