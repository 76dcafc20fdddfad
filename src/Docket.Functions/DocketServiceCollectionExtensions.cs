using Docket.Application;
using Docket.Functions.Authorization;
using Docket.Functions.Hosting;
using Docket.Functions.Http;
using Docket.Functions.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions;

public static class DocketServiceCollectionExtensions
{
    /// <summary>Everything the Docket functions need; shared by the Functions worker and the local host.</summary>
    public static IServiceCollection AddDocket(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDocketApplication(configuration);
        services.AddProblemDetails();

        services.AddSingleton<CallerAuthenticator>();
        services.AddSingleton<HttpFunctionDeclarations>();
        // The order filters run in: storage outages are mapped for everything after them, the caller is known before
        // the project is checked.
        services.AddSingleton<IHttpFunctionFilter, StorageOutageFilter>();
        services.AddSingleton<IHttpFunctionFilter, AuthenticationFilter>();
        services.AddSingleton<IHttpFunctionFilter, ProjectAccessFilter>();
        return services;
    }
}
