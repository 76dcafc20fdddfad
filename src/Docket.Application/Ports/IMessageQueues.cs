namespace Docket.Application.Ports;

/// <summary>Docket's message queues (see <see cref="Messaging.QueueNames"/>).</summary>
public interface IMessageQueues
{
    /// <param name="delay">How long the message stays invisible before it can be picked up.</param>
    /// <param name="timeToLive">How long the message waits to be picked up before it expires (the queue's default
    /// of 7 days when null).</param>
    Task SendAsync(string queue, string message, CancellationToken cancellationToken, TimeSpan? delay = null,
        TimeSpan? timeToLive = null);
}
