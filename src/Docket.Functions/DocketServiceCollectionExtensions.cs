using Docket.Application;
using Docket.Application.Ports;
using Docket.Functions.Hosting;
using Docket.Functions.Identity;
using Docket.Functions.Webhooks;
using Docket.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions;

public static class DocketServiceCollectionExtensions
{
    /// <summary>Everything the Docket functions need; shared by the Functions worker and the local host.</summary>
    public static IServiceCollection AddDocket(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddDocketApplication(configuration);
        services.AddDocketStorage(configuration);
        services.AddOptions<HttpFunctionOptions>().Bind(configuration.GetSection(HttpFunctionOptions.SectionName))
            .Validate(o => o.RequestBudget > TimeSpan.Zero && o.UploadBudget > TimeSpan.Zero,
                $"{HttpFunctionOptions.SectionName}:RequestBudget and UploadBudget must be positive")
            .ValidateOnStart();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = DocketJson.Options.PropertyNamingPolicy;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, DocketJson.Options.TypeInfoResolver!);
            foreach (var converter in DocketJson.Options.Converters)
                options.SerializerOptions.Converters.Add(converter);
        });

        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName))
            .Validate(o => o.IsValid(),
                $"{AuthOptions.SectionName}:TenantId is required when TrustEasyAuthHeader is true")
            .ValidateOnStart();
        services.AddSingleton<CallerAuthenticator>();
        // The Application's outbound edge: webhook calls and their bodies in the API's contract.
        services.AddSingleton<IWebhookTransport, WebhookTransport>();
        services.AddSingleton<IEventBodies, EventBodies>();
        services.AddSingleton<HttpFunctionDeclarations>();
        // The order filters run in: the caller is known before the project is checked; an exception is offered to the
        // storage-outage mapping (503) first and to the catch-all (500) last.
        services.AddSingleton<IHttpFunctionFilter, StorageOutageFilter>();
        services.AddSingleton<IHttpFunctionFilter, AuthenticationFilter>();
        services.AddSingleton<IHttpFunctionFilter, ProjectAccessFilter>();
        services.AddSingleton<IHttpFunctionFilter, JsonContentTypeFilter>();
        // Last, so it only answers for exceptions no filter before it recognised.
        services.AddSingleton<IHttpFunctionFilter, UnhandledExceptionFilter>();
        return services;
    }
}
