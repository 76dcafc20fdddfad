using Docket.Application.Assignment;
using Docket.Application.Configuration;
using Docket.Application.Consistency;
using Docket.Application.DataPage;
using Docket.Application.Indexing;
using Docket.Application.Rebalancing;
using Docket.Application.StageMoves;
using Docket.Application.Stats;
using Docket.Application.Tasks;
using Docket.Application.Upload;
using Docket.Storage;
using Docket.Storage.Connection;
using Docket.Storage.Identity;
using Docket.Storage.Jobs;
using Docket.Storage.Messaging;
using Docket.Storage.Projects;
using Docket.Storage.Tasks;
using Docket.Storage.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Docket.Application;

public static class DocketApplication
{
    /// <summary>
    /// Docket's storage and use cases, whatever hosts them (the Functions worker, the local host, a benchmark).
    /// </summary>
    public static IServiceCollection AddDocketApplication(this IServiceCollection services,
        IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SecretsOptions>().Bind(configuration.GetSection(SecretsOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidation>();
        services.AddSingleton(provider =>
            StorageAccount.FromConfiguration(configuration, DocketSettings.StorageConnection,
            policies: provider.GetServices<StoragePipelinePolicy>()));
        services.AddSingleton<DocketTables>();
        services.AddSingleton<DocketQueues>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ProjectStore>();
        services.AddSingleton<MemberStore>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<TaskBatches>();
        services.AddSingleton<QueueIndex>();
        services.AddSingleton<PoolIndex>();
        services.AddSingleton<PendingMoveIndex>();
        services.AddSingleton<ListingIndex>();
        services.AddSingleton<CounterIndex>();
        services.AddSingleton<PoolCandidates>();
        services.AddSingleton<ProjectRows>();

        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.SectionName))
            .Validate(o => o.IsValid(), $"{IngestionOptions.SectionName}: sizes, ages and attempts must be positive")
            .ValidateOnStart();
        services.AddOptions<StageMoveOptions>().Bind(configuration.GetSection(StageMoveOptions.SectionName))
            .Validate(o => o.PendingMoveAge > TimeSpan.Zero && o.StuckAfter > o.PendingMoveAge
                && o.MaxResendInterval >= o.PendingMoveAge,
                $"{StageMoveOptions.SectionName}: PendingMoveAge must be positive, below StuckAfter " +
                "and at most MaxResendInterval")
            .ValidateOnStart();
        services.AddSingleton<TaskUpdater>();
        services.AddSingleton<WorkQueues>();
        services.AddSingleton<TaskAssignments>();
        services.AddSingleton<StageMoveService>();
        services.AddSingleton<Rebalancer>();
        services.AddSingleton<ChunkMessages>();
        services.AddSingleton<UploadFinisher>();
        services.AddSingleton<StaleUploadSweep>();
        services.AddSingleton<ItemsIngestion>();
        services.AddSingleton<ConsistencyCheck>();
        services.AddSingleton<CursorProtector>();
        services.AddSingleton<DataPageReader>();
        services.AddSingleton<ProjectStats>();
        services.AddSingleton<ReindexStore>();
        services.AddSingleton<JobLeases>();
        services.AddSingleton<ProjectReindexer>();
        return services;
    }
}
