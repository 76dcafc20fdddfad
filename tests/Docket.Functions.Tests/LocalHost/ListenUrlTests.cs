using System.Net;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost;
using Docket.LocalHost.Azurite;
using Docket.LocalHost.Configuration;

namespace Docket.Functions.Tests.LocalHost;

/// <summary>Where the local host listens: caller's URL, --urls/--port, ASPNETCORE_URLS, settings file, 7071.</summary>
public sealed class ListenUrlTests
{
    [Fact]
    public void The_callers_url_wins_over_everything() =>
        Assert.Equal("http://127.0.0.1:0",
            ListenUrl.Resolve("http://127.0.0.1:0", ["--urls", "http://localhost:1"], "http://localhost:2", 3));

    [Fact]
    public void Urls_on_the_command_line_win_over_the_environment_and_the_settings_file() =>
        Assert.Equal("http://0.0.0.0:8080",
            ListenUrl.Resolve(null, ["--urls", "http://0.0.0.0:8080"], "http://localhost:2", 3));

    [Fact]
    public void Port_on_the_command_line_listens_on_localhost_at_that_port() =>
        Assert.Equal("http://localhost:7072", ListenUrl.Resolve(null, ["--port", "7072"], "http://localhost:2", 3));

    [Fact]
    public void Aspnetcore_urls_wins_over_the_settings_file() =>
        Assert.Equal("http://localhost:2", ListenUrl.Resolve(null, [], "http://localhost:2", 3));

    [Fact]
    public void The_settings_file_port_then_7071_come_last()
    {
        Assert.Equal("http://localhost:3", ListenUrl.Resolve(null, [], null, 3));
        Assert.Equal("http://localhost:7071", ListenUrl.Resolve(null, [], null, null));
    }

    [Fact]
    public void A_port_that_is_not_a_port_number_is_refused() =>
        Assert.Throws<ArgumentException>(() => ListenUrl.Resolve(null, ["--port", "seventy"], null, null));

    [Fact]
    public async Task The_host_listens_on_the_port_given_with_port()
    {
        var port = AzuriteProcess.FreePort();
        var connectionString = await TestStorage.ConnectionStringAsync();
        var app = await LocalFunctionsHost.BuildAsync(new LocalFunctionsHostOptions
        {
            FunctionAssemblies = [typeof(Docket.Functions.DocketServiceCollectionExtensions).Assembly],
            RepositoryRoot = TestStorage.RepositoryRoot,
            ConfigureServices = (services, configuration) =>
                Docket.Functions.DocketServiceCollectionExtensions.AddDocket(services, configuration),
            Settings = DocketHost.QueueAndBlobFunctions
                .ToDictionary(LocalFunctionsHost.DisabledSetting, _ => (string?)"true")
                .Concat(new Dictionary<string, string?>
                {
                    ["AzureWebJobsStorage"] = connectionString,
                    ["Docket:Storage"] = connectionString,
                    ["Docket:SweepSchedule"] = "0 0 */6 * * *",
                    ["Docket:RebalanceSchedule"] = "0 0 */6 * * *",
                }).ToDictionary(),
        }, ["--port", port.ToString()]);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}/") };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/health")).StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
