using System.Net;
using Docket.FaultHost;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Faults;

/// <summary>
/// One fault-host process of the chaos test, which the test can kill and start again in its place: callers keep
/// their slot, and a request the kill cut off ends with no answer (its outcome unknown, as for any client).
/// </summary>
public sealed class ChaosHost : IAsyncDisposable
{
    readonly string storage;
    readonly IReadOnlyDictionary<string, string> settings;
    HostProcess process;
    HttpClient http;
    volatile bool down;
    int generation;

    ChaosHost(string storage, IReadOnlyDictionary<string, string> settings, HostProcess process)
    {
        (this.storage, this.settings, this.process) = (storage, settings, process);
        http = process.CreateClient();
    }

    public string Output => process.Output;

    public static async Task<ChaosHost> StartAsync(string storage, FaultSettings faults,
        IReadOnlyDictionary<string, string> settings) =>
        new(storage, settings, await HostProcess.StartAsync(storage, faults, settings));

    public Task SetFaultsAsync(bool enabled) => process.SetFaultsAsync(enabled);

    /// <summary>Faults injected by kind, in every process this host has been (asked before each crash).</summary>
    readonly Dictionary<string, int> injectedBefore = [];

    public async Task<IReadOnlyDictionary<string, int>> InjectedFaultsAsync()
    {
        var now = await process.InjectedFaultsAsync();
        return now.Keys.Union(injectedBefore.Keys)
            .ToDictionary(k => k, k => now.GetValueOrDefault(k) + injectedBefore.GetValueOrDefault(k));
    }

    /// <summary>Kills the process as a crash would, and starts another with <paramref name="faults"/>.</summary>
    public async Task CrashAndRestartAsync(FaultSettings faults)
    {
        foreach (var (kind, count) in await process.InjectedFaultsAsync())
            injectedBefore[kind] = injectedBefore.GetValueOrDefault(kind) + count;
        down = true;
        Interlocked.Increment(ref generation);
        process.Kill();
        var old = (process, http);
        process = await HostProcess.StartAsync(storage, faults, settings);
        http = process.CreateClient();
        down = false;
        old.http.Dispose();
        await old.process.DisposeAsync();
    }

    /// <summary>
    /// Sends as <paramref name="key"/>: the answer (503s retried as ApiClient does), or null when the host was killed
    /// while the request was under way. A connection failure not caused by the kill is a failure of the test.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Body)?> SendAsync(string key, HttpMethod method, string path,
        object? body = null)
    {
        while (down) await Task.Delay(100);
        var before = Volatile.Read(ref generation);
        try
        {
            using var response = await new ApiClient(http, key).SendAsync(method, path, body);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException
                                              or ObjectDisposedException)
        {
            if (Volatile.Read(ref generation) == before && !down) throw;
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await process.DisposeAsync();
    }
}
