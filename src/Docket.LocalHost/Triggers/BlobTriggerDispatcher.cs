using System.Reflection;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Docket.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Docket.LocalHost.Triggers;

/// <summary>A [BlobTrigger] function with its container, path, source and poison queue (blob's account).</summary>
public sealed record BlobTriggerRegistration(
    FunctionDescriptor Function, BlobPathPattern Pattern, bool EventGrid, BlobContainerClient Container,
    QueueClient RawPoisonQueue);

/// <summary>
/// Runs blob functions for the messages of the host's blob trigger queue, as the blob extension's shared queue
/// listener does: a message for a function this app no longer has, or for a blob that is gone, is dropped; for a
/// scanned container a blob changed since it was queued is left to its newer message; anything else runs the
/// function on the blob. Retries, poison and leases are the queue's (<see cref="QueueTriggerListener"/>).
/// </summary>
public sealed class BlobTriggerDispatcher(
    IReadOnlyDictionary<string, BlobTriggerRegistration> registrations,
    QueueClient rawDefaultPoisonQueue,
    IServiceScopeFactory scopes,
    TimeSpan functionTimeout,
    ILogger<BlobTriggerDispatcher> logger)
{
    public async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var blobMessage = message.Body.ToObjectFromJson<BlobTriggerMessage>()
            ?? throw new InvalidOperationException("Invalid blob trigger message.");
        if (!registrations.TryGetValue(blobMessage.FunctionId, out var registration))
        {
            logger.LogWarning("No blob function {Function} for blob {Blob}; message dropped",
                blobMessage.FunctionId, blobMessage.BlobName);
            return;
        }
        var blob = registration.Container.GetBlobClient(blobMessage.BlobName);
        ETag etag;
        try
        {
            etag = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            logger.LogInformation("Blob {Blob} is gone; message dropped", blobMessage.BlobName);
            return;
        }
        // Listings give ETags bare and headers quoted.
        if (!registration.EventGrid && etag.ToString().Trim('"') != blobMessage.ETag.Trim('"')) return;

        var values = registration.Pattern.Match(blobMessage.BlobName) ?? new Dictionary<string, string>();
        await FunctionInvoker.InvokeAsync(registration.Function,
            (parameter, token) => Bind(parameter, blob, values, token), scopes, functionTimeout, cancellationToken);
    }

    /// <summary>The poison queue in the triggering blob's account, else the host's.</summary>
    public QueueClient PoisonQueueFor(QueueMessage rawMessage)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(rawMessage.Body.ToString()));
            var functionId = JsonSerializer.Deserialize<BlobTriggerMessage>(text)?.FunctionId;
            if (functionId is not null && registrations.TryGetValue(functionId, out var registration))
                return registration.RawPoisonQueue;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
        }
        return rawDefaultPoisonQueue;
    }

    static object? Bind(ParameterInfo parameter, BlobClient blob, IReadOnlyDictionary<string, string> values,
        CancellationToken invocationToken)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken)) return invocationToken;
        if (parameter.GetCustomAttribute<BlobTriggerAttribute>() is null)
        {
            if (parameter.Name == "blobTrigger") return $"{blob.BlobContainerName}/{blob.Name}";
            return values.TryGetValue(parameter.Name!, out var value)
                ? value
                : throw new InvalidOperationException($"Cannot bind parameter '{parameter.Name}' of a blob function.");
        }
        if (type == typeof(BlobClient)) return blob;
        if (type == typeof(Stream)) return blob.OpenRead(cancellationToken: invocationToken);
        var content = blob.DownloadContent(invocationToken).Value.Content;
        if (type == typeof(BinaryData)) return content;
        if (type == typeof(byte[])) return content.ToArray();
        if (type == typeof(string)) return content.ToString();
        throw new InvalidOperationException($"Cannot bind a blob to {type.Name}.");
    }
}
