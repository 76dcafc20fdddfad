namespace Docket.Application.Ports;

/// <summary>A queue as an operator sees it: about how many messages wait, and how long the oldest has waited.
/// </summary>
public sealed record QueueState(string Name, int ApproximateDepth, TimeSpan? OldestAge);

/// <summary>A message as it waits in a queue: its id, when it was put there, how often it was taken, its text.
/// </summary>
public sealed record WaitingMessage(string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Body);

/// <summary>Reads the state of Docket's queues and their poison queues, and empties a poison queue.</summary>
public interface IQueueInspector
{
    /// <summary>The queue's state; a queue that does not exist yet is empty.</summary>
    Task<QueueState> ReadAsync(string queue, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> (at most 32) messages at the front, left where they are.</summary>
    Task<IReadOnlyList<WaitingMessage>> PeekAsync(string queue, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Takes up to <paramref name="max"/> messages off <paramref name="from"/>, each sent to <paramref name="to"/>
    /// first when that is given (else dropped), then deleted; returns how many.
    /// </summary>
    Task<int> DrainAsync(string from, string? to, int max, CancellationToken cancellationToken);
}
