using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.LocalHost;

/// <summary>
/// Every test class that hosts <see cref="SampleFunctions"/> is in this collection: their hosts listen on the same
/// sample queues and containers, so they must not run at the same time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SampleHostCollection
{
    public const string Name = "Sample functions";
}

/// <summary>Starts the local host on <see cref="SampleFunctions"/> with a host.json of the test's own.</summary>
public sealed class SampleHost : IAsyncDisposable
{
    /// <summary>Quick retries and polling, so that a test can watch them.</summary>
    public const string QuickHostJson = """
        { "version": "2.0", "extensions": {
            "http": { "routePrefix": "sample" },
            "queues": { "batchSize": 4, "maxDequeueCount": 3, "visibilityTimeout": "00:00:00.2",
                        "maxPollingInterval": "00:00:00.5", "messageEncoding": "base64" },
            "blobs": { "maxDegreeOfParallelism": 2 } } }
        """;

    readonly string folder;

    /// <summary>The quick host.json with a functionTimeout.</summary>
    public static string WithFunctionTimeout(string timeout) =>
        QuickHostJson.Replace("\"version\": \"2.0\",", $"\"version\": \"2.0\", \"functionTimeout\": \"{timeout}\",");

    SampleHost(RunningHost host, string folder, SampleRecorder recorder) =>
        (Host, this.folder, Recorder) = (host, folder, recorder);

    public RunningHost Host { get; }
    public SampleRecorder Recorder { get; }

    public HttpClient CreateClient() => Host.CreateClient();

    public static async Task<SampleHost> StartAsync(string hostJson = QuickHostJson, SampleRecorder? recorder = null,
        IDictionary<string, string?>? settings = null)
    {
        var connectionString = await TestStorage.ConnectionStringAsync();
        var folder = Directory.CreateTempSubdirectory("sample-host").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "host.json"), hostJson);
        recorder ??= new SampleRecorder();
        var all = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["AzureFunctionsWebHost:hostid"] = "sample-functions",
            ["Sample:TickSchedule"] = "*/1 * * * * *",
            [SampleFunctions.MonitoredScheduleSetting] = "0 0 0 1 1 *",
            [SampleFunctions.GridContainerSetting] = "sample-grid",
            [LocalFunctionsHost.BlobPollingIntervalSetting] = "00:00:00.3",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
            all[name] = value;
        var host = await RunningHost.StartAsync(new LocalFunctionsHostOptions
        {
            FunctionAssemblies = [typeof(SampleFunctions).Assembly],
            RepositoryRoot = folder,
            Url = "http://127.0.0.1:0",
            ConfigureServices = (services, _) => services.AddSingleton(recorder),
            Settings = all,
        });
        return new SampleHost(host, folder, recorder);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
