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
}
