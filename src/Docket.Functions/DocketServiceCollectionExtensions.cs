using Docket.Functions.Configuration;
using Docket.Functions.Hosting;
using Docket.Functions.Http;
using Docket.Functions.Identity;
using Docket.Functions.Projects;
using Docket.Functions.Rebalancing;
using Docket.Storage;
using Docket.Storage.Connection;
using Docket.Storage.Identity;
using Docket.Storage.Messaging;
using Docket.Storage.Projects;
using Docket.Storage.Tasks;
using Docket.Storage.Uploads;
using Docket.Functions.Assignment;
using Docket.Functions.Tasks;
using Docket.Functions.Upload;
using Docket.Functions.Advancement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Docket.Functions;

public static class DocketServiceCollectionExtensions
{
    /// <summary>Everything the Docket functions need; shared by the Functions worker and the local host.</summary>
    public static IServiceCollection AddDocket(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => StorageAccount.FromConfiguration(configuration, DocketSettings.StorageConnection));
        services.AddSingleton<DocketTables>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ProjectStore>();
        services.AddSingleton<MemberStore>();
        services.AddSingleton<PoolCandidates>();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<DocketQueues>();
        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection("Docket:Ingestion"));
        services.AddSingleton<ItemsIngestion>();
        services.AddSingleton<TaskUpdater>();
        services.AddSingleton<WorkQueues>();
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection("Docket:Workflow"));
        services.AddSingleton<StageMoves>();
        services.AddSingleton<Rebalancer>();

        services.AddSingleton<CallerAuthenticator>();
        services.AddSingleton<ProjectAuthorizer>();
        services.AddSingleton<IHttpFunctionFilter, AuthenticationFilter>();
        services.AddSingleton<IHttpFunctionFilter, StorageOutageFilter>();
        return services;
    }
}
