using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Docket.FaultHost;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Infrastructure;

/// <summary>
/// The Docket local host as a separate OS process (<c>dotnet Docket.LocalHost.dll</c>, or the fault host) on a free
/// port, so a test can really kill it mid-work. Its output is kept for failure messages.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> output = new();

    HostProcess(Process process, Uri baseAddress) => (this.process, BaseAddress) = (process, baseAddress);

    public Uri BaseAddress { get; }
    public int ProcessId => process.Id;

    /// <summary>A client whose every answer is checked against the OpenAPI document.</summary>
    public HttpClient CreateClient() => OpenApi.OpenApiConformanceHandler.CreateClient(BaseAddress);

    /// <summary>How many lines the host has written that contain <paramref name="text"/>.</summary>
    public int OutputLinesContaining(string text) =>
        output.Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>
    /// The last lines the host wrote, and before them every error it logged (a "fail:" line and the 30 after it,
    /// where the exception is), for failure messages.
    /// </summary>
    public string Output
    {
        get
        {
            var lines = output.ToArray();
            var errors = lines.Select((line, i) => (line, i)).Where(l => l.line.StartsWith("fail:", StringComparison.Ordinal))
                .SelectMany(l => lines.Skip(l.i).Take(31)).Take(300);
            return string.Join('\n', errors.Append("--- last lines ---").Concat(lines.TakeLast(60)));
        }
    }

    /// <param name="faults">
    /// Runs the fault host (tests/Docket.FaultHost) with these random storage faults instead of the local host.
    /// </param>
    /// <param name="settings">Extra settings, as environment variables ("__" for ":").</param>
    public static async Task<HostProcess> StartAsync(string storageConnectionString, FaultSettings? faults = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = AzuriteProcess.FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = TestStorage.RepositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var program = faults is null ? "Docket.LocalHost.dll" : "Docket.FaultHost.dll";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (name, value) in faults?.ToEnvironment() ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        start.Environment["AzureWebJobsStorage"] = storageConnectionString;
        start.Environment["Docket__Storage"] = storageConnectionString;
        start.Environment["Docket__BootstrapAdminEmail"] = DocketHost.AdminEmail;
        start.Environment["Docket__BootstrapAdminKey"] = DocketHost.AdminKey;
        start.Environment["Docket__CursorSigningKey"] = DocketHost.CursorSigningKey;
        start.Environment["LocalHost__QueueMessageLease"] = "00:00:05";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            start.Environment[name.Replace(":", "__")] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {program}.");
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) host.output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) host.output.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            using var http = host.CreateClient();
            await Eventually.HoldsAsync(async () =>
            {
                if (process.HasExited)
                    throw new InvalidOperationException(
                        $"The host process exited with code {process.ExitCode}:\n{host.Output}");
                try
                {
                    using var response = await http.GetAsync("api/health");
                    return response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(120),
                "the host process answers /api/health");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>Switches a fault host's random storage faults on or off.</summary>
    public async Task SetFaultsAsync(bool enabled)
    {
        // The fault host's own switch, not part of the API its OpenAPI document describes.
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var response = await http.PostAsync(enabled ? "faults/on" : "faults/off", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The faults the fault host injected so far, by kind.</summary>
    public async Task<Dictionary<string, int>> InjectedFaultsAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        return (await http.GetFromJsonAsync<Dictionary<string, int>>("faults"))!;
    }

    /// <summary>Kills the host and everything it started, as a crash would, and waits until it is gone.</summary>
    public void Kill()
    {
        try
        {
            if (process.HasExited) return;
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
