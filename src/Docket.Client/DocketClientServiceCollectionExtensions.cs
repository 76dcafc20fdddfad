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
    public static IHttpClientBuilder AddDocketClient(this IServiceCollection services, Action<DocketClientOptions> configure)
    {
        services.AddOptions<DocketClientOptions>().Configure(configure);
        var builder = services.AddHttpClient<DocketClient>((provider, http) =>
            DocketResilience.Configure(http, provider.GetRequiredService<IOptions<DocketClientOptions>>().Value));
        builder.AddResilienceHandler("docket", (pipeline, context) =>
            pipeline.AddDocketResilience(context.ServiceProvider.GetRequiredService<IOptions<DocketClientOptions>>().Value));
        return builder;
    }
}
