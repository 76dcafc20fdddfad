using Docket.Client;
using Docket.Client.Http;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class DocketClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DocketClient"/> as a typed client of <c>IHttpClientFactory</c>, with Docket's retry
    /// and timeout pipeline. Add handlers to the returned builder to see or change what goes over the wire.
    /// </summary>
    public static IHttpClientBuilder AddDocketClient(this IServiceCollection services,
        Action<DocketClientOptions> configure)
    {
        services.AddOptions<DocketClientOptions>().Configure(configure);
        static DocketClientOptions Options(IServiceProvider provider) =>
            provider.GetRequiredService<IOptions<DocketClientOptions>>().Value;
        var builder = services.AddHttpClient<DocketClient>((provider, http) =>
            DocketResilience.Configure(http, Options(provider)));
        builder.AddResilienceHandler("docket", (pipeline, context) =>
            pipeline.AddDocketResilience(Options(context.ServiceProvider)));
        return builder;
    }
}
