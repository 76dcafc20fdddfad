using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Docket.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Docket.LocalHost.Triggers;

/// <summary>
/// Polls the container of a [BlobTrigger] function and runs it once for each blob version (name + ETag), keeping
/// receipts in a table as the Functions host keeps them in its storage account. A receipt is claimed with an ETag
/// before running, so two hosts never process the same version; a version that fails five times is reported on
/// the "webjobs-blobtrigger-poison" queue and not tried again.
/// </summary>
public sealed class BlobTriggerPoller(
    FunctionDescriptor function,
    BlobContainerClient container,
    TableClient receipts,
    QueueClient poisonQueue,
    TimeSpan pollingInterval,
    IServiceScopeFactory scopes,
    ILogger<BlobTriggerPoller> logger) : BackgroundService
{
    public const int MaxFailures = 5;
    static readonly TimeSpan ProcessingLease = TimeSpan.FromMinutes(2);

    readonly BlobPathPattern pattern = BlobPathPattern.Parse(((BlobTriggerAttribute)function.Trigger).BlobPath!);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await container.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                await receipts.CreateIfNotExistsAsync(stoppingToken);
                await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, pattern.ListingPrefix, stoppingToken))
                {
                    var values = pattern.Match(blob.Name);
                    if (values is not null)
                        await ProcessOnceAsync(blob.Name, blob.Properties.ETag!.Value.ToString(), values, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning("Polling container {Container} failed: {Reason}", container.Name, exception.Message);
            }

            try { await Task.Delay(pollingInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    async Task ProcessOnceAsync(string blobName, string blobETag, IReadOnlyDictionary<string, string> values, CancellationToken stoppingToken)
    {
        var rowKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(container.Name + "/" + blobName)));
        var partitionKey = function.Name;
        var existing = await receipts.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: stoppingToken);
        var receipt = existing.HasValue ? existing.Value! : null;

        var sameVersion = receipt is not null && receipt.GetString("BlobETag") == blobETag;
        var status = sameVersion ? receipt!.GetString("Status") : null;
        if (status is "Done" or "Poisoned") return;
        if (status == "Processing" && receipt!.GetDateTimeOffset("ProcessingSince") > DateTimeOffset.UtcNow - ProcessingLease) return;
        var failures = sameVersion ? receipt!.GetInt32("Failures") ?? 0 : 0;

        var claim = new TableEntity(partitionKey, rowKey)
        {
            ["BlobName"] = blobName, ["BlobETag"] = blobETag, ["Status"] = "Processing",
            ["ProcessingSince"] = DateTimeOffset.UtcNow, ["Failures"] = failures,
        };
        ETag claimed;
        try
        {
            claimed = receipt is null
                ? (await receipts.AddEntityAsync(claim, stoppingToken)).Headers.ETag!.Value
                : (await receipts.UpdateEntityAsync(claim, receipt.ETag, TableUpdateMode.Replace, stoppingToken)).Headers.ETag!.Value;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return; // another host claimed this version first
        }

        try
        {
            await FunctionInvoker.InvokeAsync(function, (parameter, _) => Bind(parameter, blobName, values, stoppingToken), scopes);
            claim["Status"] = "Done";
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            failures++;
            claim["Failures"] = failures;
            logger.LogError(exception, "Blob function {Function} failed on {Blob} (attempt {Attempt} of {Max})", function.Name, blobName, failures, MaxFailures);
            claim["Status"] = failures >= MaxFailures ? "Poisoned" : "Failed";
            if (failures >= MaxFailures)
            {
                await poisonQueue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
                await poisonQueue.SendMessageAsync(JsonSerializer.Serialize(new
                {
                    FunctionId = function.Name, BlobType = "BlockBlob", ContainerName = container.Name, BlobName = blobName, ETag = blobETag,
                }), CancellationToken.None);
            }
        }
        await receipts.UpdateEntityAsync(claim, claimed, TableUpdateMode.Replace, CancellationToken.None);
    }

    object? Bind(ParameterInfo parameter, string blobName, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken)) return cancellationToken;
        if (parameter.GetCustomAttribute<BlobTriggerAttribute>() is null)
        {
            if (parameter.Name == "blobTrigger") return $"{container.Name}/{blobName}";
            return values.TryGetValue(parameter.Name!, out var value)
                ? value
                : throw new InvalidOperationException($"Cannot bind parameter '{parameter.Name}' of a blob function.");
        }
        var blob = container.GetBlobClient(blobName);
        if (type == typeof(BlobClient)) return blob;
        if (type == typeof(Stream)) return blob.OpenRead(cancellationToken: cancellationToken);
        var content = blob.DownloadContent(cancellationToken).Value.Content;
        if (type == typeof(BinaryData)) return content;
        if (type == typeof(byte[])) return content.ToArray();
        if (type == typeof(string)) return content.ToString();
        throw new InvalidOperationException($"Cannot bind a blob to {type.Name}.");
    }
}

/// <summary>A blob trigger path such as "items-drops/{projectId}/{path}": its container and named parts.</summary>
public sealed class BlobPathPattern
{
    readonly Regex regex;

    BlobPathPattern(string container, string listingPrefix, Regex regex) =>
        (Container, ListingPrefix, this.regex) = (container, listingPrefix, regex);

    public string Container { get; }
    public string ListingPrefix { get; }

    public static BlobPathPattern Parse(string blobPath)
    {
        var slash = blobPath.IndexOf('/');
        var container = slash < 0 ? blobPath : blobPath[..slash];
        var blobPattern = slash < 0 ? "{name}" : blobPath[(slash + 1)..];
        var firstParameter = blobPattern.IndexOf('{');
        var prefix = firstParameter < 0 ? blobPattern : blobPattern[..firstParameter];
        var expression = "^" + Regex.Replace(Regex.Escape(blobPattern).Replace(@"\{", "{"), "{([A-Za-z_][A-Za-z0-9_]*)}", "(?<$1>.+?)") + "$";
        return new BlobPathPattern(container, prefix, new Regex(expression, RegexOptions.CultureInvariant));
    }

    public IReadOnlyDictionary<string, string>? Match(string blobName)
    {
        var match = regex.Match(blobName);
        if (!match.Success) return null;
        return regex.GetGroupNames().Where(n => !int.TryParse(n, out _))
            .ToDictionary(n => n, n => match.Groups[n].Value);
    }
}
