using Docket.Application.Configuration;
using Docket.Application.Consistency;
using Docket.Application.Ports;
using Docket.Storage.Connection;
using Docket.Storage.Consistency;
using Docket.Storage.Counters;
using Docket.Storage.Events;
using Docket.Storage.Identity;
using Docket.Storage.Jobs;
using Docket.Storage.Listing;
using Docket.Storage.Messaging;
using Docket.Storage.Moves;
using Docket.Storage.Pool;
using Docket.Storage.Projects;
using Docket.Storage.Queues;
using Docket.Storage.Tasks;
using Docket.Storage.Uploads;
using Docket.Storage.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Storage;

public static class DocketStorage
{
    /// <summary>
    /// The Application's ports on Azure Table, Queue and Blob Storage (the account named by
    /// <see cref="DocketSettings.StorageConnection"/>), each store registered once under its own type and its port.
    /// </summary>
    public static IServiceCollection AddDocketStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(provider =>
            StorageAccount.FromConfiguration(configuration, DocketSettings.StorageConnection,
                policies: provider.GetServices<StoragePipelinePolicy>()));
        services.AddSingleton<DocketTables>();
        services.AddSingleton<PoolCandidates>();
        services.AddSingleton<ProjectRows>();
        services.AddStore<IStorageFaults, AzureStorageFaults>();
        services.AddStore<IMessageQueues, DocketQueues>();
        services.AddStore<IUserStore, UserStore>();
        services.AddStore<IProjectStore, ProjectStore>();
        services.AddStore<IMemberStore, MemberStore>();
        services.AddStore<IUploadStore, UploadStore>();
        services.AddStore<ITaskReader, TaskReader>();
        services.AddStore<ITaskWriter, TaskWriter>();
        services.AddStore<IWorkQueueStore, QueueIndex>();
        services.AddStore<IPoolStore, PoolIndex>();
        services.AddStore<IPendingMoveStore, PendingMoveIndex>();
        services.AddStore<IStuckMoveSummary, StuckMoveSummaryRow>();
        services.AddStore<ITaskListings, ListingIndex>();
        services.AddStore<ICounterStore, CounterIndex>();
        services.AddStore<IReindexRuns, ReindexStore>();
        services.AddStore<IJobLeases, JobLeases>();
        services.AddStore<IConsistencyAudit, ConsistencyCheck>();
        services.AddStore<IStorageHealth, StorageHealth>();
        services.AddStore<IEventFeed, EventFeedStore>();
        services.AddStore<IWebhookStore, WebhookStore>();
        services.AddStore<IQueueInspector, QueueInspector>();
        services.AddStore<IWebhookDeliveries, WebhookDeliveryStore>();
        return services;
    }

    static void AddStore<TPort, TStore>(this IServiceCollection services)
        where TPort : class where TStore : class, TPort
    {
        services.AddSingleton<TStore>();
        services.AddSingleton<TPort>(provider => provider.GetRequiredService<TStore>());
    }
}
