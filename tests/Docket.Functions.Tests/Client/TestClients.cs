using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;
using Docket.Functions.Tests.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Client;

/// <summary>
/// Docket.Client built as an application builds it (IHttpClientFactory and AddDocketClient), talking to a test host;
/// every answer is also checked against the OpenAPI document.
/// </summary>
public static class TestClients
{
    /// <param name="configure">Adds handlers between the client's retry pipeline and the wire.</param>
    public static DocketClient Create(RunningHost host, string? key, Action<IHttpClientBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddDocketClient(options =>
        {
            options.BaseAddress = host.BaseAddress;
            options.ApiKey = key;
            options.RetryDelay = TimeSpan.FromMilliseconds(50);
        });
        configure?.Invoke(builder);
        builder.AddHttpMessageHandler(() => new OpenApiConformanceHandler());
        var client = services.BuildServiceProvider().GetRequiredService<DocketClient>();
        client.UploadPollInterval = TimeSpan.FromMilliseconds(200);
        return client;
    }
}
