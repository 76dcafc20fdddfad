using Docket.LocalHost;
using Microsoft.AspNetCore.Builder;

namespace Docket.Functions.Tests.Infrastructure;

/// <summary>A local Functions host started in this process on a free port.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    readonly WebApplication app;

    RunningHost(WebApplication app, Uri baseAddress) => (this.app, BaseAddress) = (app, baseAddress);

    public Uri BaseAddress { get; }
    public IServiceProvider Services => app.Services;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<RunningHost> StartAsync(LocalFunctionsHostOptions options)
    {
        var app = await LocalFunctionsHost.BuildAsync(options);
        await app.StartAsync();
        return new RunningHost(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
