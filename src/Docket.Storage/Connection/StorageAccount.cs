using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Docket.Storage.Connection;

/// <summary>
/// The three service clients of one storage account, built from a Functions-style connection setting:
/// either a connection string (<c>Name</c>) or identity-based settings (<c>Name__tableServiceUri</c>,
/// <c>Name__queueServiceUri</c>, <c>Name__blobServiceUri</c>, optional <c>__credential</c>/<c>__clientId</c>),
/// exactly as the Functions host reads trigger connections.
/// </summary>
public sealed class StorageAccount
{
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    public required TableServiceClient Tables { get; init; }
    public required QueueServiceClient Queues { get; init; }
    public required BlobServiceClient Blobs { get; init; }

    /// <summary>The queue encoding every Docket queue uses; the trigger side reads the same from host.json.</summary>
    public static QueueMessageEncoding MessageEncoding => QueueMessageEncoding.Base64;

    /// <summary>How long one try of a storage call may take before it is abandoned (and retried).</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(8);

    public static StorageAccount FromConfiguration(IConfiguration configuration, string connectionName, QueueMessageEncoding? queueEncoding = null,
        IEnumerable<StoragePipelinePolicy>? policies = null)
    {
        var encoding = queueEncoding ?? MessageEncoding;
        var extra = policies?.ToList() ?? [];
        var section = configuration.GetSection(connectionName);
        if (!section.Exists() || (section.Value is null && !section.GetChildren().Any()))
        {
            if (connectionName == DefaultConnectionName)
                throw new InvalidOperationException($"Storage connection '{connectionName}' is not configured.");
            section = configuration.GetSection(DefaultConnectionName);
        }

        if (!string.IsNullOrWhiteSpace(section.Value))
            return FromConnectionString(section.Value, encoding, extra);

        var credential = CreateCredential(section);
        return new StorageAccount
        {
            Tables = new TableServiceClient(ServiceUri(section, "table"), credential, Configure(new TableClientOptions(), extra)),
            Queues = new QueueServiceClient(ServiceUri(section, "queue"), credential, Configure(new QueueClientOptions { MessageEncoding = encoding }, extra)),
            Blobs = new BlobServiceClient(ServiceUri(section, "blob"), credential, Configure(new BlobClientOptions(), extra)),
        };
    }

    public static StorageAccount FromConnectionString(string connectionString, QueueMessageEncoding? queueEncoding = null,
        IReadOnlyList<StoragePipelinePolicy>? policies = null) => new()
    {
        Tables = new TableServiceClient(connectionString, Configure(new TableClientOptions(), policies ?? [])),
        Queues = new QueueServiceClient(connectionString,
            Configure(new QueueClientOptions { MessageEncoding = queueEncoding ?? MessageEncoding }, policies ?? [])),
        Blobs = new BlobServiceClient(connectionString, Configure(new BlobClientOptions(), policies ?? [])),
    };

    static Uri ServiceUri(IConfigurationSection section, string service)
    {
        var explicitUri = section[$"{service}ServiceUri"];
        if (!string.IsNullOrWhiteSpace(explicitUri))
            return new Uri(explicitUri);
        var accountName = section["accountName"];
        if (!string.IsNullOrWhiteSpace(accountName))
            return new Uri($"https://{accountName}.{service}.core.windows.net");
        throw new InvalidOperationException(
            $"Storage connection '{section.Path}' has neither a connection string nor '{service}ServiceUri'/'accountName'.");
    }

    static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(clientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }

    /// <summary>
    /// Short, bounded retries with a short network timeout: callers sit behind HTTP requests and queue leases, and a
    /// 503 with Retry-After is more useful to them than a request that hangs through long back-off. Within an HTTP
    /// request, <see cref="RequestDeadlinePolicy"/> stops retrying when the request's budget is spent.
    /// </summary>
    static T Configure<T>(T options, IReadOnlyList<StoragePipelinePolicy> policies) where T : ClientOptions
    {
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = NetworkTimeout;
        options.AddPolicy(new RequestDeadlinePolicy(NetworkTimeout, TimeProvider.System), HttpPipelinePosition.PerRetry);
        foreach (var extra in policies) options.AddPolicy(extra.Policy, extra.Position);
        return options;
    }
}
