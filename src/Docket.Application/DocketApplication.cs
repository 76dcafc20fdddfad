using Docket.Application.Assignment;
using Docket.Application.Configuration;
using Docket.Application.Consistency;
using Docket.Application.DataPage;
using Docket.Application.Events;
using Docket.Application.Health;
using Docket.Application.Identity;
using Docket.Application.Indexing;
using Docket.Application.Operations;
using Docket.Application.Projects;
using Docket.Application.Rebalancing;
using Docket.Application.StageMoves;
using Docket.Application.Stats;
using Docket.Application.Tasks;
using Docket.Application.Telemetry;
using Docket.Application.Upload;
using Docket.Application.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Docket.Application;

public static class DocketApplication
{
    /// <summary>
    /// Docket's use cases, whatever hosts them (the Functions worker, the local host, a benchmark); the ports they
    /// need are implemented elsewhere (Docket.Storage's <c>AddDocketStorage</c>).
    /// </summary>
    public static IServiceCollection AddDocketApplication(this IServiceCollection services,
        IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SecretsOptions>().Bind(configuration.GetSection(SecretsOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidation>();

        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.SectionName))
            .Validate(o => o.IsValid(), $"{IngestionOptions.SectionName}: sizes, ages and attempts must be positive")
            .ValidateOnStart();
        services.AddOptions<StageMoveOptions>().Bind(configuration.GetSection(StageMoveOptions.SectionName))
            .Validate(o => o.PendingMoveAge > TimeSpan.Zero && o.StuckAfter > o.PendingMoveAge
                && o.MaxResendInterval >= o.PendingMoveAge,
                $"{StageMoveOptions.SectionName}: PendingMoveAge must be positive, below StuckAfter " +
                "and at most MaxResendInterval")
            .ValidateOnStart();
        services.AddOptions<EventOptions>().Bind(configuration.GetSection(EventOptions.SectionName))
            .Validate(o => o.FeedSettle >= TimeSpan.Zero && o.Retention > o.FeedSettle,
                $"{EventOptions.SectionName}: FeedSettle must not be negative, Retention must exceed it")
            .ValidateOnStart();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName))
            .Validate(o => o.IsValid(),
                $"{WebhookOptions.SectionName}: RetrySchedule must be time spans separated by commas; times and " +
                "counts must be positive")
            .ValidateOnStart();
        services.AddSingleton<DocketMetrics>();
        services.AddSingleton<HealthProbe>();
        services.AddSingleton<HealthDetails>();
        services.AddSingleton<UploadList>();
        services.AddSingleton<UserService>();
        services.AddSingleton<ProjectService>();
        services.AddSingleton<MemberService>();
        services.AddSingleton<ProjectAccessService>();
        services.AddSingleton<TaskQueries>();
        services.AddSingleton<BulkUpdates>();
        services.AddSingleton<TaskUpdater>();
        services.AddSingleton<WorkQueues>();
        services.AddSingleton<TaskAssignments>();
        services.AddSingleton<StageMoveService>();
        services.AddSingleton<Rebalancer>();
        services.AddSingleton<ChunkMessages>();
        services.AddSingleton<UploadFinisher>();
        services.AddSingleton<StaleUploadSweep>();
        services.AddSingleton<ItemsIngestion>();
        services.AddSingleton<ItemsDrops>();
        services.AddSingleton<CursorProtector>();
        services.AddSingleton<DataPageReader>();
        services.AddSingleton<ProjectStats>();
        services.AddSingleton<ProjectReindexer>();
        services.AddSingleton<ProjectChecks>();
        services.AddSingleton<EventFeed>();
        services.AddSingleton<EventRetention>();
        services.AddSingleton<QueueOverview>();
        services.AddSingleton<PendingMoveList>();
        services.AddSingleton<DeliveryAttempts>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<WebhookDispatcher>();
        return services;
    }
}
