using Docket.LocalHost.Azurite;
using Docket.LocalHost.Configuration;

namespace Docket.Functions.Tests.Infrastructure;

/// <summary>
/// One real Azurite per test run, on free ports with in-memory persistence; every test isolates itself by using
/// its own project, queue or container names. Stopped when the test process exits.
/// </summary>
public static class TestStorage
{
    static readonly Lazy<Task<AzuriteProcess>> Azurite = new(StartAsync);

    public static string RepositoryRoot { get; } = Docket.LocalHost.Configuration.RepositoryRoot.Locate();

    public static async Task<string> ConnectionStringAsync() => (await Azurite.Value).ConnectionString;

    static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = await AzuriteProcess.StartInMemoryAsync(RepositoryRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return azurite;
    }
}
