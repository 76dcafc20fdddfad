using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Docket.LocalHost.Configuration;

namespace Docket.LocalHost.Triggers;

/// <summary>Processes one decoded message; throwing fails the attempt.</summary>
public delegate Task QueueMessageHandler(QueueMessage message, CancellationToken cancellationToken);

/// <summary>
/// Pulls a queue with the storage queue extension's semantics from host.json: batchSize messages at a time, a new
/// batch once the messages in flight drop to newBatchThreshold, exponential polling back-off capped by
/// maxPollingInterval, a failed message made visible again after visibilityTimeout, and after maxDequeueCount
/// attempts moved to the poison queue. Like the extension it receives with the raw text and decodes base64 itself,
/// so a message that is not base64 goes to the poison queue at once instead of failing every receive, and a message
/// already dequeued more than maxDequeueCount times is poisoned before it runs.
/// A received message stays invisible for the lease (10 minutes in the Functions host), renewed halfway while it
/// runs; when the host stops, the handler's token is cancelled and an unfinished message is made visible again at
/// once for another instance.
/// </summary>
public sealed class QueueTriggerListener(
    string functionName,
    QueueClient rawQueue,
    Func<QueueMessage, QueueClient> rawPoisonQueue,
    QueueTriggerSettings settings,
    TimeSpan lease,
    QueueMessageHandler handle,
    ILogger<QueueTriggerListener> logger) : BackgroundService
{
    static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await CreateQueueWhenReachableAsync(stoppingToken)) return;
        var inFlight = new List<Task>();
        var delay = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count > settings.NewBatchThreshold)
                {
                    await Task.WhenAny(inFlight);
                    continue;
                }
                QueueMessage[] messages = await rawQueue.ReceiveMessagesAsync(settings.BatchSize, lease, stoppingToken);
                if (messages.Length == 0)
                {
                    delay = delay == TimeSpan.Zero
                        ? MinimumPollingInterval
                        : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                    await Task.Delay(delay, stoppingToken);
                    continue;
                }
                delay = TimeSpan.Zero;
                inFlight.AddRange(messages.Select(message => ProcessAsync(message, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Polling queue {Queue} failed; retrying", rawQueue.Name);
                try { await Task.Delay(settings.MaxPollingInterval, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
        await Task.WhenAll(inFlight);
    }

    async Task<bool> CreateQueueWhenReachableAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await rawQueue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                return true;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("Queue {Queue} not reachable yet: {Reason}", rawQueue.Name, exception.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); }
                catch (OperationCanceledException) { return false; }
            }
        }
        return false;
    }

    async Task ProcessAsync(QueueMessage raw, CancellationToken stoppingToken)
    {
        var receipt = new LeaseReceipt(raw.PopReceipt);
        try
        {
            if (Decode(raw) is not { } message)
            {
                await PoisonAsync(raw, receipt, "its body is not base64 as host.json's messageEncoding says");
                return;
            }
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await PoisonAsync(raw, receipt, $"it was already dequeued {message.DequeueCount} times");
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var failure = await RunWithRenewedLeaseAsync(message, receipt, stoppingToken);
            if (failure is null)
            {
                await rawQueue.DeleteMessageAsync(raw.MessageId, receipt.Value, CancellationToken.None);
                // The Functions host logs every invocation alike.
                logger.LogInformation("Executed '{Function}' (Succeeded, Id={MessageId}, Duration={Duration:F0}ms)",
                    functionName, raw.MessageId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else if (stoppingToken.IsCancellationRequested)
            {
                // The host is stopping: give the message back now rather than when its lease runs out.
                await rawQueue.UpdateMessageAsync(raw.MessageId, receipt.Value, visibilityTimeout: TimeSpan.Zero,
                    cancellationToken: CancellationToken.None);
                logger.LogInformation("Released message {MessageId} of {Queue}: the host is stopping",
                    raw.MessageId, rawQueue.Name);
            }
            else
            {
                logger.LogError(failure,
                    "Function {Function} failed on message {MessageId} (attempt {Attempt} of {Max})",
                    functionName, raw.MessageId, raw.DequeueCount, settings.MaxDequeueCount);
                if (raw.DequeueCount >= settings.MaxDequeueCount)
                    await PoisonAsync(raw, receipt, $"it failed {raw.DequeueCount} times");
                else
                    await rawQueue.UpdateMessageAsync(raw.MessageId, receipt.Value,
                        visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 400)
        {
            // The lease was lost (e.g. the host paused longer than a lease); another delivery owns the message now.
            logger.LogWarning("Lost the lease on message {MessageId}: {Reason}", raw.MessageId, exception.ErrorCode);
        }
        catch (Exception exception)
        {
            // Storage refused the settlement: the lease lapses and the message is delivered again.
            logger.LogWarning("Could not settle message {MessageId} of {Queue}: {Reason}",
                raw.MessageId, rawQueue.Name, exception.Message);
        }
    }

    async Task<Exception?> RunWithRenewedLeaseAsync(QueueMessage message, LeaseReceipt receipt,
        CancellationToken stoppingToken)
    {
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewLeaseAsync(message.MessageId, receipt, renewal.Token);
        try
        {
            await handle(message, stoppingToken);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }
    }

    /// <summary>The message as the trigger sees it, or null when its body cannot be decoded.</summary>
    QueueMessage? Decode(QueueMessage raw)
    {
        if (!settings.Base64Encoding) return raw;
        try
        {
            var body = BinaryData.FromBytes(Convert.FromBase64String(raw.Body.ToString()));
            return QueuesModelFactory.QueueMessage(raw.MessageId, raw.PopReceipt, body, raw.DequeueCount,
                raw.NextVisibleOn, raw.InsertedOn, raw.ExpiresOn);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Copies the message's raw text to the poison queue, as the extension's raw client does.</summary>
    async Task PoisonAsync(QueueMessage raw, LeaseReceipt receipt, string reason)
    {
        var poison = rawPoisonQueue(raw);
        await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        await poison.SendMessageAsync(raw.Body, cancellationToken: CancellationToken.None);
        await rawQueue.DeleteMessageAsync(raw.MessageId, receipt.Value, CancellationToken.None);
        logger.LogError("Message {MessageId} of {Queue} moved to {PoisonQueue}: {Reason}",
            raw.MessageId, rawQueue.Name, poison.Name, reason);
    }

    async Task RenewLeaseAsync(string messageId, LeaseReceipt receipt, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 2, cancellationToken);
                // Not cancellable once sent: a renewal the service applied must update the receipt the delete uses.
                var updated = await rawQueue.UpdateMessageAsync(messageId, receipt.Value, visibilityTimeout: lease,
                    cancellationToken: CancellationToken.None);
                receipt.Value = updated.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            logger.LogWarning("Could not renew the lease on message {MessageId}: {Reason}",
                messageId, exception.Message);
        }
    }

    sealed class LeaseReceipt(string value)
    {
        public string Value { get; set; } = value;
    }
}
