using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Storage.Connection;

/// <summary>
/// The three service clients of one storage account, built from a Functions-style connection setting
/// (<see cref="StorageConnectionSettings"/>). Identity-based connections get their credential from
/// <see cref="AzureComponentFactory"/>, the same factory the Functions host's storage extensions use, so Docket's
/// data calls and the triggers authenticate alike from the same settings.
/// </summary>
public sealed class StorageAccount
{
    public const string DefaultConnectionName = StorageConnectionSettings.DefaultConnectionName;

    static readonly Lazy<AzureComponentFactory> ComponentFactory = new(() =>
    {
        var services = new ServiceCollection();
        services.AddAzureClientsCore();
        return services.BuildServiceProvider().GetRequiredService<AzureComponentFactory>();
    });

    public required TableServiceClient Tables { get; init; }
    public required QueueServiceClient Queues { get; init; }
    public required BlobServiceClient Blobs { get; init; }

    /// <summary>The queue encoding every Docket queue uses; the trigger side reads the same from host.json.</summary>
    public static QueueMessageEncoding MessageEncoding => QueueMessageEncoding.Base64;

    public static StorageAccount FromConfiguration(IConfiguration configuration, string connectionName,
        QueueMessageEncoding? queueEncoding = null) =>
        FromSettings(StorageConnectionSettings.Read(configuration, connectionName), queueEncoding);

    public static StorageAccount FromSettings(StorageConnectionSettings settings,
        QueueMessageEncoding? queueEncoding = null)
    {
        if (settings.ConnectionString is { } connectionString)
            return FromConnectionString(connectionString, queueEncoding);

        var credential = CreateCredential(settings);
        return new StorageAccount
        {
            Tables = new TableServiceClient(settings.TableServiceUri, credential, TableOptions()),
            Queues = new QueueServiceClient(settings.QueueServiceUri, credential,
                QueueOptions(queueEncoding ?? MessageEncoding)),
            Blobs = new BlobServiceClient(settings.BlobServiceUri, credential, BlobOptions()),
        };
    }

    public static StorageAccount FromConnectionString(string connectionString,
        QueueMessageEncoding? queueEncoding = null) => new()
    {
        Tables = new TableServiceClient(connectionString, TableOptions()),
        Queues = new QueueServiceClient(connectionString, QueueOptions(queueEncoding ?? MessageEncoding)),
        Blobs = new BlobServiceClient(connectionString, BlobOptions()),
    };

    /// <summary>The credential an identity-based connection's settings ask for (credential, clientId...).</summary>
    public static TokenCredential CreateCredential(StorageConnectionSettings settings) =>
        ComponentFactory.Value.CreateTokenCredential(settings.Section);

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
