using Docket.Functions.Tests.OpenApi;
using Docket.LocalHost;
using Microsoft.AspNetCore.Builder;

namespace Docket.Functions.Tests.Infrastructure;

/// <summary>A local Functions host started in this process on a free port.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    readonly WebApplication app;
    readonly bool servesDocket;

    RunningHost(WebApplication app, Uri baseAddress, bool servesDocket) =>
        (this.app, BaseAddress, this.servesDocket) = (app, baseAddress, servesDocket);

    public Uri BaseAddress { get; }
    public IServiceProvider Services => app.Services;

    /// <summary>A client whose every answer from Docket's functions is checked against the OpenAPI document.</summary>
    public HttpClient CreateClient() => servesDocket
        ? OpenApiConformanceHandler.CreateClient(BaseAddress)
        : new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<RunningHost> StartAsync(LocalFunctionsHostOptions options)
    {
        var app = await LocalFunctionsHost.BuildAsync(options);
        await app.StartAsync();
        var servesDocket = options.FunctionAssemblies.Contains(typeof(DocketServiceCollectionExtensions).Assembly);
        return new RunningHost(app, new Uri(app.Urls.First()), servesDocket);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
