namespace Docket.Application.Ports;

/// <summary>A queue as an operator sees it: about how many messages wait, and how long the oldest has waited.
/// </summary>
public sealed record QueueState(string Name, int ApproximateDepth, TimeSpan? OldestAge);

/// <summary>Reads the state of Docket's queues and their poison queues.</summary>
public interface IQueueInspector
{
    /// <summary>The queue's state; a queue that does not exist yet is empty.</summary>
    Task<QueueState> ReadAsync(string queue, CancellationToken cancellationToken);
}
