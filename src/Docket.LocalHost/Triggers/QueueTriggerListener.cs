using System.Reflection;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Docket.LocalHost.Configuration;
using Docket.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Docket.LocalHost.Triggers;

/// <summary>
/// One listener per [QueueTrigger] function, with the storage queue extension's semantics from host.json:
/// batchSize messages at a time, exponential polling back-off capped by maxPollingInterval, a failed message made
/// visible again after visibilityTimeout, and after maxDequeueCount failures moved to "{queue}-poison".
/// While a message is being processed its lease is renewed, so a slow function does not see it delivered twice,
/// and a crashed host's messages come back after one lease.
/// </summary>
public sealed class QueueTriggerListener(
    FunctionDescriptor function,
    QueueClient queue,
    QueueClient poisonQueue,
    QueueTriggerSettings settings,
    TimeSpan lease,
    IServiceScopeFactory scopes,
    ILogger<QueueTriggerListener> logger) : BackgroundService
{
    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await CreateQueueWhenReachableAsync(stoppingToken);
        // Like the extension: fetch a new batch once the messages in flight drop to newBatchThreshold.
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
                QueueMessage[] messages = await queue.ReceiveMessagesAsync(settings.BatchSize, lease, stoppingToken);
                if (messages.Length == 0)
                {
                    delay = delay == TimeSpan.Zero ? MinimumPollingInterval : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
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
                logger.LogWarning(exception, "Polling queue {Queue} failed; retrying", queue.Name);
                await Task.Delay(settings.MaxPollingInterval, stoppingToken);
            }
        }
        await Task.WhenAll(inFlight);
    }

    async Task CreateQueueWhenReachableAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("Queue {Queue} not reachable yet: {Reason}", queue.Name, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        var receipt = new LeaseReceipt(message.PopReceipt);
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewLeaseAsync(message.MessageId, receipt, renewal.Token);
        Exception? failure = null;
        try
        {
            await FunctionInvoker.InvokeAsync(function, (parameter, _) => Bind(parameter, message, stoppingToken), scopes);
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }

        try
        {
            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, receipt.Value, CancellationToken.None);
                return;
            }
            if (stoppingToken.IsCancellationRequested)
                return; // the host is stopping: the lease lapses and the message is delivered again
            logger.LogError(failure, "Function {Function} failed on message {MessageId} (attempt {Attempt} of {Max})",
                function.Name, message.MessageId, message.DequeueCount, settings.MaxDequeueCount);
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await poisonQueue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
                await poisonQueue.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, receipt.Value, CancellationToken.None);
                logger.LogError("Message {MessageId} moved to {PoisonQueue}", message.MessageId, poisonQueue.Name);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, receipt.Value, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 400)
        {
            // The lease was lost (e.g. the host paused longer than a lease); another delivery owns the message now.
            logger.LogWarning("Lost the lease on message {MessageId}: {Reason}", message.MessageId, exception.ErrorCode);
        }
    }

    async Task RenewLeaseAsync(string messageId, LeaseReceipt receipt, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 2, cancellationToken);
                // Not cancellable once sent: a renewal the service applied must update the receipt the delete uses.
                var updated = await queue.UpdateMessageAsync(messageId, receipt.Value, visibilityTimeout: lease, cancellationToken: CancellationToken.None);
                receipt.Value = updated.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            logger.LogWarning("Could not renew the lease on message {MessageId}: {Reason}", messageId, exception.Message);
        }
    }

    static object? Bind(ParameterInfo parameter, QueueMessage message, CancellationToken cancellationToken)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken)) return cancellationToken;
        if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is null)
        {
            return parameter.Name switch
            {
                "dequeueCount" => Convert.ChangeType(message.DequeueCount, type),
                "id" => message.MessageId,
                _ => throw new InvalidOperationException($"Cannot bind parameter '{parameter.Name}' of a queue function."),
            };
        }
        if (type == typeof(string)) return message.Body.ToString();
        if (type == typeof(BinaryData)) return message.Body;
        if (type == typeof(byte[])) return message.Body.ToArray();
        if (type == typeof(QueueMessage)) return message;
        return JsonSerializer.Deserialize(message.Body, type, JsonOptions);
    }

    sealed class LeaseReceipt(string value)
    {
        public string Value { get; set; } = value;
    }
}
