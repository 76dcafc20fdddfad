using Docket.Application.Messaging;
using Docket.Application.Ports;

namespace Docket.Application.Operations;

/// <summary>One of Docket's queues with its poison queue (where the Functions host puts a message after five failed
/// attempts).</summary>
public sealed record QueueReport(QueueState Queue, QueueState Poison);

/// <summary>Every Docket queue and its poison queue: the first thing an operator asks in an incident.</summary>
public sealed class QueueOverview(IQueueInspector inspector)
{
    public const string PoisonSuffix = "-poison";

    public async Task<IReadOnlyList<QueueReport>> ReadAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(QueueNames.All.Select(async name =>
        {
            var states = await Task.WhenAll(inspector.ReadAsync(name, cancellationToken),
                inspector.ReadAsync(name + PoisonSuffix, cancellationToken));
            return new QueueReport(states[0], states[1]);
        }));

    public const int MaxDrainedPerCall = 1_000;

    /// <summary>Whether <paramref name="queue"/> is one of Docket's queues (its poison queue is the one acted on).
    /// </summary>
    public static bool IsDocketQueue(string queue) => QueueNames.All.Contains(queue);

    /// <summary>The front of the queue's poison queue, left where it is.</summary>
    public Task<IReadOnlyList<WaitingMessage>> PoisonAsync(string queue, int max,
        CancellationToken cancellationToken) =>
        inspector.PeekAsync(queue + PoisonSuffix, max, cancellationToken);

    /// <summary>Puts the poisoned messages back on their queue, to be tried again (after a fix).</summary>
    public Task<int> ReplayAsync(string queue, CancellationToken cancellationToken) =>
        inspector.DrainAsync(queue + PoisonSuffix, queue, MaxDrainedPerCall, cancellationToken);

    /// <summary>Drops the poisoned messages for good.</summary>
    public Task<int> DiscardAsync(string queue, CancellationToken cancellationToken) =>
        inspector.DrainAsync(queue + PoisonSuffix, null, MaxDrainedPerCall, cancellationToken);
}
