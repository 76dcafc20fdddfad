using Azure;
using Azure.Data.Tables;
using Docket.Application.Ports;
using Docket.Domain.Webhooks;
using Docket.Storage.Connection;

namespace Docket.Storage.Webhooks;

/// <summary>
/// WebhookDeliveries table, partition "{projectId}|{webhookId}": a row per delivery
/// ("d|{inverted event ticks:D19}-{eventId}", newest event first) and, while one is pending, its retry row
/// ("r|{next attempt ticks:D19}|{deliveryId}"), changed in one batch with it, so "what is due" is one range query
/// that costs what it returns. A delivery's id is its row key without the prefix, so it is read with one point read.
/// </summary>
public sealed class WebhookDeliveryStore(DocketTables tables) : IWebhookDeliveries
{
    const string DeliveryPrefix = "d|";
    const string RetryPrefix = "r|";
    const int MaxBatchOperations = 100;

    static string Partition(string projectId, string webhookId) => $"{projectId}|{webhookId}";
    static long Inverted(DateTimeOffset at) => DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks;
    static string RetryRow(WebhookDelivery delivery) =>
        $"{RetryPrefix}{delivery.NextAttemptAt!.Value.UtcTicks:D19}|{delivery.DeliveryId}";
    static bool IsDue(WebhookDelivery delivery) =>
        delivery.Status == DeliveryStatus.Pending && delivery.NextAttemptAt is not null;

    public string DeliveryId(string eventId, DateTimeOffset eventAt) => $"{Inverted(eventAt):D19}-{eventId}";

    /// <summary>Whether <paramref name="deliveryId"/> can be a key of this table at all (it comes from a URL).
    /// </summary>
    static bool IsWellFormed(string deliveryId) =>
        deliveryId.Length is > 20 and < 200 && deliveryId[19] == '-' && deliveryId[..19].All(char.IsAsciiDigit)
        && deliveryId[20..].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public async Task<IReadOnlySet<string>> EventIdsAsync(string projectId, string webhookId, DateTimeOffset from,
        DateTimeOffset to, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var (first, end) = ($"{DeliveryPrefix}{Inverted(to):D19}", $"{DeliveryPrefix}{Inverted(from) + 1:D19}");
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition(projectId, webhookId)} and RowKey ge {first} and RowKey lt {end}");
        var ids = new HashSet<string>();
        await foreach (var row in tables.WebhookDeliveries.QueryAsync<TableEntity>(filter, select: ["EventId"],
                           cancellationToken: cancellationToken))
            ids.Add(row.GetString("EventId") ?? "");
        return ids;
    }

    public async Task<IReadOnlyList<RecordedDelivery>> AddAsync(string projectId, string webhookId,
        IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = Partition(projectId, webhookId);
        var added = new List<RecordedDelivery>(deliveries.Count);
        foreach (var chunk in deliveries.Chunk(MaxBatchOperations / 2))
        {
            try
            {
                added.AddRange(await AddBatchAsync(partition, chunk, cancellationToken));
            }
            catch (TableTransactionFailedException exception) when (exception.Status == 409)
            {
                // Some were recorded already (another dispatcher, a pass that stopped half way, or a lost reply whose
                // retry met its own rows: those are then left to the retry pass): the rest one by one.
                foreach (var delivery in chunk)
                {
                    try
                    {
                        added.AddRange(await AddBatchAsync(partition, [delivery], cancellationToken));
                    }
                    catch (TableTransactionFailedException one) when (one.Status == 409)
                    {
                    }
                }
            }
        }
        return added;
    }

    async Task<IEnumerable<RecordedDelivery>> AddBatchAsync(string partition, IReadOnlyList<WebhookDelivery> chunk,
        CancellationToken cancellationToken)
    {
        var actions = chunk.SelectMany(d => Rows(partition, d))
            .Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)).ToList();
        var response = await tables.WebhookDeliveries.SubmitTransactionAsync(actions, cancellationToken);
        var versions = actions.Select((a, i) => (a.Entity.RowKey, ETag: response.Value[i].Headers.ETag ?? ETag.All))
            .Where(a => a.RowKey.StartsWith(DeliveryPrefix, StringComparison.Ordinal))
            .ToDictionary(a => a.RowKey[DeliveryPrefix.Length..], a => Versions.Of(a.ETag));
        return chunk.Select(d => new RecordedDelivery(d, versions[d.DeliveryId]));
    }

    /// <summary>Up to 33 deliveries a batch (each its record, the retry row it leaves and the one it gets).</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(string projectId, string webhookId,
        IReadOnlyList<(RecordedDelivery Recorded, WebhookDelivery After)> attempts,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = Partition(projectId, webhookId);
        var conflicted = new List<string>();
        foreach (var chunk in attempts.Chunk(MaxBatchOperations / 3))
        {
            var actions = chunk.SelectMany(a => Changes(partition, a.Recorded.Delivery, a.After,
                Versions.ETagOf(a.Recorded.Version))).ToList();
            try
            {
                await tables.WebhookDeliveries.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 404 or 412)
            {
                // One of them changed meanwhile: the batch did nothing; each is left to its caller to change again.
                conflicted.AddRange(chunk.Select(a => a.Recorded.Delivery.DeliveryId));
            }
        }
        return conflicted;
    }

    /// <summary>A delivery's record replaced under <paramref name="etag"/>, with its retry row moved to match.</summary>
    static IEnumerable<TableTransactionAction> Changes(string partition, WebhookDelivery current,
        WebhookDelivery changed, ETag etag)
    {
        yield return new TableTransactionAction(TableTransactionActionType.UpdateReplace,
            ToEntity(partition, changed), etag);
        var (oldRetry, newRetry) = (IsDue(current) ? RetryRow(current) : null,
            IsDue(changed) ? RetryRow(changed) : null);
        if (oldRetry == newRetry) yield break;
        if (oldRetry is not null)
            yield return new TableTransactionAction(TableTransactionActionType.Delete,
                new TableEntity(partition, oldRetry), ETag.All);
        if (newRetry is not null)
            yield return new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                RetryEntity(partition, changed));
    }

    static IEnumerable<TableEntity> Rows(string partition, WebhookDelivery delivery)
    {
        yield return ToEntity(partition, delivery);
        if (IsDue(delivery)) yield return RetryEntity(partition, delivery);
    }

    public async Task<WebhookDelivery?> GetAsync(string projectId, string webhookId, string deliveryId,
        CancellationToken cancellationToken) =>
        (await ReadAsync(Partition(projectId, webhookId), deliveryId, cancellationToken))?.Delivery;

    async Task<(WebhookDelivery Delivery, ETag ETag)?> ReadAsync(string partition, string deliveryId,
        CancellationToken cancellationToken)
    {
        if (!IsWellFormed(deliveryId)) return null;
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.WebhookDeliveries.GetEntityIfExistsAsync<TableEntity>(partition,
            DeliveryPrefix + deliveryId, cancellationToken: cancellationToken);
        return found.HasValue ? (ToDelivery(found.Value!), found.Value!.ETag) : null;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DueAsync(string projectId, string webhookId,
        DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = Partition(projectId, webhookId);
        var until = $"{RetryPrefix}{now.UtcTicks + 1:D19}";
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {RetryPrefix} and RowKey lt {until}");
        var ids = new List<string>();
        await foreach (var row in tables.WebhookDeliveries.QueryAsync<TableEntity>(filter,
                           maxPerPage: Math.Min(limit, 1000), select: ["DeliveryId"],
                           cancellationToken: cancellationToken))
        {
            ids.Add(row.GetString("DeliveryId") ?? "");
            if (ids.Count == limit) break;
        }
        var deliveries = await Task.WhenAll(ids.Select(id => ReadAsync(partition, id, cancellationToken)));
        return deliveries.Where(d => d is not null && IsDue(d.Value.Delivery)).Select(d => d!.Value.Delivery)
            .ToList();
    }

    /// <summary>
    /// The delivery row and its retry row change in one batch, the delivery under its ETag; a concurrent change is
    /// read again and changed on top of.
    /// </summary>
    public async Task<WebhookDelivery?> UpdateAsync(string projectId, string webhookId, string deliveryId,
        Func<WebhookDelivery, WebhookDelivery> change, CancellationToken cancellationToken)
    {
        var partition = Partition(projectId, webhookId);
        while (true)
        {
            if (await ReadAsync(partition, deliveryId, cancellationToken) is not var (current, etag)) return null;
            var changed = change(current);
            if (changed == current) return current;
            var actions = Changes(partition, current, changed, etag).ToList();
            try
            {
                await tables.WebhookDeliveries.SubmitTransactionAsync(actions, cancellationToken);
                return changed;
            }
            catch (TableTransactionFailedException exception) when (exception.Status == 412)
            {
            }
        }
    }

    public async Task<DeliveryPage> ListAsync(string projectId, string webhookId, string? after, int limit,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var from = after is null ? DeliveryPrefix : DeliveryPrefix + after;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition(projectId, webhookId)} and RowKey gt {from} and RowKey lt {"d}"}");
        var deliveries = new List<WebhookDelivery>(limit);
        await foreach (var row in tables.WebhookDeliveries.QueryAsync<TableEntity>(filter, maxPerPage: limit,
                           cancellationToken: cancellationToken))
        {
            deliveries.Add(ToDelivery(row));
            if (deliveries.Count == limit) break;
        }
        return new DeliveryPage(deliveries, deliveries.Count == limit ? deliveries[^1].DeliveryId : null);
    }

    /// <summary>Ended deliveries only: a pending one keeps its row and its retry row until it ends.</summary>
    public async Task<int> PruneAsync(string projectId, string webhookId, DateTimeOffset before, int max,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = Partition(projectId, webhookId);
        var from = $"{DeliveryPrefix}{Inverted(before):D19}";
        return await PartitionRows.DeleteAsync(tables.WebhookDeliveries, partition, TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey gt {from} and RowKey lt {"d}"}"), max, cancellationToken,
            keep: row => row.GetString("Status") == nameof(DeliveryStatus.Pending), select: ["RowKey", "Status"]);
    }

    public async Task<bool> RemoveSomeAsync(string projectId, string webhookId, int limit,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = Partition(projectId, webhookId);
        return await PartitionRows.DeleteAsync(tables.WebhookDeliveries, partition,
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), limit, cancellationToken) > 0;
    }

    static TableEntity RetryEntity(string partition, WebhookDelivery delivery) =>
        new(partition, RetryRow(delivery)) { ["DeliveryId"] = delivery.DeliveryId };

    static TableEntity ToEntity(string partition, WebhookDelivery delivery) =>
        new(partition, DeliveryPrefix + delivery.DeliveryId)
        {
            ["EventId"] = delivery.EventId,
            ["EventType"] = delivery.EventType,
            ["EventAt"] = delivery.EventAt,
            ["TaskId"] = delivery.Source?.TaskId,
            ["FeedPosition"] = delivery.Source?.Position,
            ["FeedIndex"] = delivery.Source?.Index,
            ["Body"] = delivery.Body,
            ["Status"] = delivery.Status.ToString(),
            ["Attempts"] = delivery.Attempts,
            ["LastStatusCode"] = delivery.LastStatusCode,
            ["LastError"] = delivery.LastError,
            ["LastAttemptAt"] = delivery.LastAttemptAt,
            ["NextAttemptAt"] = delivery.NextAttemptAt,
            ["CreatedAt"] = delivery.CreatedAt,
        };

    static WebhookDelivery ToDelivery(TableEntity row) => new(
        row.RowKey[DeliveryPrefix.Length..],
        row.GetString("EventId") ?? "",
        row.GetString("EventType") ?? "",
        row.GetDateTimeOffset("EventAt") ?? default,
        row.GetString("FeedPosition") is { } position
            ? new FeedSource(row.GetString("TaskId"), position, row.GetInt32("FeedIndex") ?? 0)
            : null,
        row.GetString("Body"),
        Enum.TryParse<DeliveryStatus>(row.GetString("Status"), out var status) ? status : DeliveryStatus.Failed,
        row.GetInt32("Attempts") ?? 0,
        row.GetInt32("LastStatusCode"),
        row.GetString("LastError"),
        row.GetDateTimeOffset("LastAttemptAt"),
        row.GetDateTimeOffset("NextAttemptAt"),
        row.GetDateTimeOffset("CreatedAt") ?? default);
}
