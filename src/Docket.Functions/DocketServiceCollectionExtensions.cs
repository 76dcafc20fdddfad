using Docket.Storage.Connection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions;

public static class DocketServiceCollectionExtensions
{
    /// <summary>The connection setting Docket's data lives behind (falls back to AzureWebJobsStorage).</summary>
    public const string StorageConnectionName = Configuration.DocketSettings.StorageConnection;

    /// <summary>Everything the Docket functions need; shared by the Functions worker and the local host.</summary>
    public static IServiceCollection AddDocket(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => StorageAccount.FromConfiguration(configuration, StorageConnectionName));
        return services;
    }
}
