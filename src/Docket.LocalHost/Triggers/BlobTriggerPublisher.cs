using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Docket.LocalHost.Functions;

namespace Docket.LocalHost.Triggers;

/// <summary>
/// Finds the blobs a [BlobTrigger] function must run on and puts one <see cref="BlobTriggerMessage"/> for each on
/// the host's blob trigger queue, which every instance drains (<see cref="BlobTriggerDispatcher"/>).
/// For Source = EventGrid it stands in for Event Grid's BlobCreated events: blobs created or overwritten after this
/// instance started, none that were there before. For LogsAndContainerScan it is the container scan: every blob
/// version not yet processed. The container is listed every polling interval; a receipt per blob version in the host
/// storage account, claimed with an ETag, makes one instance publish each version once (a claim left by a crashed
/// instance is taken over after a minute).
/// </summary>
public sealed class BlobTriggerPublisher(
    FunctionDescriptor function,
    BlobPathPattern pattern,
    bool eventGrid,
    BlobContainerClient container,
    TableClient receipts,
    QueueClient blobTriggerQueue,
    string hostId,
    TimeSpan pollingInterval,
    ILogger<BlobTriggerPublisher> logger) : BackgroundService
{
    public const string ReceiptsTable = "LocalHostBlobReceipts";
    static readonly TimeSpan PublishingClaim = TimeSpan.FromMinutes(1);

    /// <summary>Blob name → the version this instance knows is published or (Event Grid) found at start.</summary>
    readonly Dictionary<string, string> known = new(StringComparer.Ordinal);
    bool listedAtStart;

    /// <summary>Lists what is there before the host counts as started, so that "after start" has one meaning.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ListAtStartAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Container {Container} not reachable at start ({Reason}); listing it at the first poll",
                container.Name, exception.Message);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning("Polling container {Container} for {Function} failed: {Reason}",
                    container.Name, function.Name, exception.Message);
            }
            try { await Task.Delay(pollingInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    async Task PollAsync(CancellationToken stoppingToken)
    {
        if (!listedAtStart)
        {
            await ListAtStartAsync(stoppingToken);
            return;
        }
        await foreach (var blob in ListAsync(stoppingToken))
        {
            var etag = blob.Properties.ETag!.Value.ToString();
            if (known.TryGetValue(blob.Name, out var seen) && seen == etag) continue;
            if (pattern.Match(blob.Name) is null) continue;
            if (await PublishOnceAsync(blob.Name, etag, stoppingToken))
                known[blob.Name] = etag;
        }
    }

    async Task ListAtStartAsync(CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await receipts.CreateIfNotExistsAsync(cancellationToken);
        await blobTriggerQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        if (eventGrid)
            await foreach (var blob in ListAsync(cancellationToken))
                known[blob.Name] = blob.Properties.ETag!.Value.ToString();
        listedAtStart = true;
    }

    IAsyncEnumerable<BlobItem> ListAsync(CancellationToken cancellationToken) =>
        container.GetBlobsAsync(BlobTraits.None, BlobStates.None, pattern.ListingPrefix, cancellationToken);

    /// <returns>True once the version is published (by this instance or another).</returns>
    async Task<bool> PublishOnceAsync(string blobName, string blobETag, CancellationToken stoppingToken)
    {
        var partitionKey = $"{hostId}|{function.Name}";
        var rowKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(container.Name + "/" + blobName)));
        var existing = await receipts.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey,
            cancellationToken: stoppingToken);
        var receipt = existing.HasValue ? existing.Value! : null;
        if (receipt is not null && receipt.GetString("BlobETag") == blobETag)
        {
            if (receipt.GetString("Status") == "Published") return true;
            if (receipt.GetDateTimeOffset("Since") > DateTimeOffset.UtcNow - PublishingClaim) return false;
        }

        var claim = new TableEntity(partitionKey, rowKey)
        {
            ["BlobName"] = blobName,
            ["BlobETag"] = blobETag,
            ["Status"] = "Publishing",
            ["Since"] = DateTimeOffset.UtcNow,
        };
        ETag claimed;
        try
        {
            claimed = receipt is null
                ? (await receipts.AddEntityAsync(claim, stoppingToken)).Headers.ETag!.Value
                : (await receipts.UpdateEntityAsync(claim, receipt.ETag, TableUpdateMode.Replace, stoppingToken))
                    .Headers.ETag!.Value;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return false; // another instance claimed it first; the next poll sees its receipt
        }

        var message = new BlobTriggerMessage(function.Name, container.Name, blobName, blobETag);
        await blobTriggerQueue.SendMessageAsync(JsonSerializer.Serialize(message), CancellationToken.None);
        claim["Status"] = "Published";
        try
        {
            await receipts.UpdateEntityAsync(claim, claimed, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            // Taken over after a long pause: the other instance publishes it again, and the function runs twice,
            // which blob functions must tolerate anyway (Event Grid delivers at least once).
        }
        logger.LogInformation("Blob {Container}/{Blob} queued for {Function}", container.Name, blobName, function.Name);
        return true;
    }
}
