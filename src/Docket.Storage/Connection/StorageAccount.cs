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

    /// <summary>How long one try of a storage call may take before it is abandoned (and retried).</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(8);

    public static StorageAccount FromConfiguration(IConfiguration configuration, string connectionName,
        QueueMessageEncoding? queueEncoding = null, IEnumerable<StoragePipelinePolicy>? policies = null) =>
        FromSettings(StorageConnectionSettings.Read(configuration, connectionName), queueEncoding, policies);

    public static StorageAccount FromSettings(StorageConnectionSettings settings,
        QueueMessageEncoding? queueEncoding = null, IEnumerable<StoragePipelinePolicy>? policies = null)
    {
        var extra = policies?.ToList() ?? [];
        if (settings.ConnectionString is { } connectionString)
            return FromConnectionString(connectionString, queueEncoding, extra);

        var credential = CreateCredential(settings);
        return new StorageAccount
        {
            Tables = new TableServiceClient(settings.TableServiceUri, credential,
                Configure(new TableClientOptions(), extra)),
            Queues = new QueueServiceClient(settings.QueueServiceUri, credential,
                Configure(new QueueClientOptions { MessageEncoding = queueEncoding ?? MessageEncoding }, extra)),
            Blobs = new BlobServiceClient(settings.BlobServiceUri, credential,
                Configure(new BlobClientOptions(), extra)),
        };
    }

    public static StorageAccount FromConnectionString(string connectionString,
        QueueMessageEncoding? queueEncoding = null, IReadOnlyList<StoragePipelinePolicy>? policies = null) => new()
        {
            Tables = new TableServiceClient(connectionString, Configure(new TableClientOptions(), policies ?? [])),
            Queues = new QueueServiceClient(connectionString,
            Configure(new QueueClientOptions { MessageEncoding = queueEncoding ?? MessageEncoding }, policies ?? [])),
            Blobs = new BlobServiceClient(connectionString, Configure(new BlobClientOptions(), policies ?? [])),
        };

    /// <summary>The credential an identity-based connection's settings ask for (credential, clientId...).</summary>
    public static TokenCredential CreateCredential(StorageConnectionSettings settings) =>
        ComponentFactory.Value.CreateTokenCredential(settings.Section);

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
        options.AddPolicy(new RequestDeadlinePolicy(NetworkTimeout, TimeProvider.System),
            HttpPipelinePosition.PerRetry);
        foreach (var extra in policies) options.AddPolicy(extra.Policy, extra.Position);
        return options;
    }
}
