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

    public static StorageAccount FromConfiguration(IConfiguration configuration, string connectionName, QueueMessageEncoding? queueEncoding = null)
    {
        var encoding = queueEncoding ?? MessageEncoding;
        var section = configuration.GetSection(connectionName);
        if (!section.Exists() || (section.Value is null && !section.GetChildren().Any()))
        {
            if (connectionName == DefaultConnectionName)
                throw new InvalidOperationException($"Storage connection '{connectionName}' is not configured.");
            section = configuration.GetSection(DefaultConnectionName);
        }

        if (!string.IsNullOrWhiteSpace(section.Value))
            return FromConnectionString(section.Value, encoding);

        var credential = CreateCredential(section);
        return new StorageAccount
        {
            Tables = new TableServiceClient(ServiceUri(section, "table"), credential, TableOptions()),
            Queues = new QueueServiceClient(ServiceUri(section, "queue"), credential, QueueOptions(encoding)),
            Blobs = new BlobServiceClient(ServiceUri(section, "blob"), credential, BlobOptions()),
        };
    }

    public static StorageAccount FromConnectionString(string connectionString, QueueMessageEncoding? queueEncoding = null) => new()
    {
        Tables = new TableServiceClient(connectionString, TableOptions()),
        Queues = new QueueServiceClient(connectionString, QueueOptions(queueEncoding ?? MessageEncoding)),
        Blobs = new BlobServiceClient(connectionString, BlobOptions()),
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

    // Short, bounded retries: callers sit behind HTTP requests and queue leases, and a 503 with Retry-After
    // is more useful to them than a request that hangs through long exponential back-off.
    static TableClientOptions TableOptions()
    {
        var options = new TableClientOptions();
        ConfigureRetry(options.Retry);
        return options;
    }

    static QueueClientOptions QueueOptions(QueueMessageEncoding encoding)
    {
        var options = new QueueClientOptions { MessageEncoding = encoding };
        ConfigureRetry(options.Retry);
        return options;
    }

    static BlobClientOptions BlobOptions()
    {
        var options = new BlobClientOptions();
        ConfigureRetry(options.Retry);
        return options;
    }

    static void ConfigureRetry(RetryOptions retry)
    {
        retry.MaxRetries = 3;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }
}
