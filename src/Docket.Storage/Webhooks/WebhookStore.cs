using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Docket.Application.Configuration;
using Docket.Application.Events;
using Docket.Application.Ports;
using Docket.Domain.Webhooks;

namespace Docket.Storage.Webhooks;

/// <summary>
/// Webhooks table, partition = project id: a row per webhook ("w|{webhookId}") and, beside it, the dispatcher's
/// progress for it ("c|{webhookId}"), kept apart so that an admin's change and a dispatch pass never contend.
/// </summary>
public sealed class WebhookStore(DocketTables tables) : IWebhookStore
{
    const string WebhookPrefix = "w|";
    const string ProgressPrefix = "c|";
    static readonly JsonSerializerOptions Json = StoredJson.Options;

    public async Task<bool> TryCreateAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        try
        {
            await tables.Webhooks.AddEntityAsync(ToEntity(webhook), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // The id is new for each request: a 409 is this request's own write whose reply was lost.
            return true;
        }
    }

    public async Task<Webhook?> GetAsync(string projectId, string webhookId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Webhooks.GetEntityIfExistsAsync<TableEntity>(projectId, WebhookPrefix + webhookId,
            cancellationToken: cancellationToken);
        return found.HasValue ? ToWebhook(found.Value!) : null;
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync(string projectId, CancellationToken cancellationToken) =>
        await QueryAsync(TableClient.CreateQueryFilter(
            $"PartitionKey eq {projectId} and RowKey ge {WebhookPrefix} and RowKey lt {"w}"}"), cancellationToken);

    public async Task<IReadOnlyList<Webhook>> ListAllAsync(CancellationToken cancellationToken) =>
        await QueryAsync(TableClient.CreateQueryFilter($"RowKey ge {WebhookPrefix} and RowKey lt {"w}"}"),
            cancellationToken);

    async Task<IReadOnlyList<Webhook>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var webhooks = new List<Webhook>();
        await foreach (var row in tables.Webhooks.QueryAsync<TableEntity>(filter,
                           cancellationToken: cancellationToken))
            webhooks.Add(ToWebhook(row));
        return webhooks;
    }

    /// <summary>The row's ETag guards against a concurrent change, which is read again and changed on top of.
    /// </summary>
    public async Task<Webhook?> UpdateAsync(string projectId, string webhookId, Func<Webhook, Webhook?> change,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        while (true)
        {
            var found = await tables.Webhooks.GetEntityIfExistsAsync<TableEntity>(projectId,
                WebhookPrefix + webhookId, cancellationToken: cancellationToken);
            if (!found.HasValue || change(ToWebhook(found.Value!)) is not { } changed) return null;
            try
            {
                await tables.Webhooks.UpdateEntityAsync(ToEntity(changed), found.Value!.ETag, TableUpdateMode.Replace,
                    cancellationToken);
                return changed;
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
            }
        }
    }

    public async Task RemoveAsync(string projectId, string webhookId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.Webhooks.DeleteEntityAsync(projectId, ProgressPrefix + webhookId,
            cancellationToken: cancellationToken);
        await tables.Webhooks.DeleteEntityAsync(projectId, WebhookPrefix + webhookId,
            cancellationToken: cancellationToken);
    }

    public async Task<WebhookProgress?> GetProgressAsync(string projectId, string webhookId,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Webhooks.GetEntityIfExistsAsync<TableEntity>(projectId, ProgressPrefix + webhookId,
            cancellationToken: cancellationToken);
        if (!found.HasValue) return null;
        var row = found.Value!;
        var cursor = new FeedPosition(row.GetString("CursorRow") ?? "", row.GetInt32("CursorGiven") ?? 0);
        var ahead = new FeedPosition(row.GetString("AheadRow") ?? "", row.GetInt32("AheadGiven") ?? 0);
        return new WebhookProgress(cursor, FeedPosition.Max(cursor, ahead), row.GetDateTimeOffset("FailingSince"),
            row.GetDateTimeOffset("CheckedUntil"));
    }

    public async Task SaveProgressAsync(string projectId, string webhookId, WebhookProgress progress,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.Webhooks.UpsertEntityAsync(new TableEntity(projectId, ProgressPrefix + webhookId)
        {
            ["CursorRow"] = progress.Cursor.Row,
            ["CursorGiven"] = progress.Cursor.Given,
            ["AheadRow"] = progress.Ahead.Row,
            ["AheadGiven"] = progress.Ahead.Given,
            ["FailingSince"] = progress.FailingSince,
            ["CheckedUntil"] = progress.CheckedUntil,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    static TableEntity ToEntity(Webhook webhook) => new(webhook.ProjectId, WebhookPrefix + webhook.WebhookId)
    {
        ["Url"] = webhook.Url,
        ["Events"] = JsonSerializer.Serialize(webhook.Events, Json),
        ["Description"] = webhook.Description,
        ["Status"] = webhook.Status.ToString(),
        ["DisabledReason"] = webhook.DisabledReason,
        ["CreatedAt"] = webhook.CreatedAt,
        ["EnabledAt"] = webhook.EnabledAt,
        ["Secret"] = webhook.Secret,
        ["PreviousSecret"] = webhook.PreviousSecret,
        ["PreviousSecretUntil"] = webhook.PreviousSecretUntil,
    };

    static Webhook ToWebhook(TableEntity row) => new(
        row.PartitionKey,
        row.RowKey[WebhookPrefix.Length..],
        row.GetString("Url") ?? "",
        JsonSerializer.Deserialize<List<string>>(row.GetString("Events") ?? "[]", Json) ?? [],
        row.GetString("Description"),
        Enum.TryParse<WebhookStatus>(row.GetString("Status"), out var status) ? status : WebhookStatus.Disabled,
        row.GetString("DisabledReason"),
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetDateTimeOffset("EnabledAt") ?? default,
        row.GetString("Secret") ?? "",
        row.GetString("PreviousSecret"),
        row.GetDateTimeOffset("PreviousSecretUntil"));
}
