using System.Reflection;
using Docket.LocalHost;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Docket.Functions.Tests.Infrastructure;

/// <summary>
/// The Docket Functions app in the local host against the shared Azurite, started once per test run and shared
/// by every test (tests isolate themselves by project id). Tests that need a host of their own start one.
/// </summary>
public static class DocketHost
{
    public const string AdminEmail = "root@docket.test";
    public const string AdminKey = "test-bootstrap-admin-key-0123456789";
    public const string CursorSigningKey = "test-cursor-signing-key-0123456789abcdef";

    static readonly Lazy<Task<RunningHost>> Shared = new(() => StartAsync(queueAndBlobTriggers: true));

    /// <summary>The names of Docket's queue- and blob-triggered functions.</summary>
    public static readonly IReadOnlyList<string> QueueAndBlobFunctions =
        typeof(DocketServiceCollectionExtensions).Assembly.GetExportedTypes().SelectMany(type => type.GetMethods())
        .Where(method => method.GetParameters().Any(parameter =>
            parameter.GetCustomAttribute<QueueTriggerAttribute>() is not null
            || parameter.GetCustomAttribute<BlobTriggerAttribute>() is not null))
        .Select(method => method.GetCustomAttribute<FunctionAttribute>()!.Name)
        .ToList();

    public static Task<RunningHost> SharedAsync() => Shared.Value;

    /// <param name="queueAndBlobTriggers">
    /// Whether this host also takes messages and blobs. Hosts that come and go during a test run would otherwise
    /// take other tests' messages and give them back when stopped, and a message handed round five times is poison.
    /// </param>
    public static async Task<RunningHost> StartAsync(IDictionary<string, string?>? overrides = null,
        string? storageConnectionString = null, Action<IServiceCollection>? services = null,
        bool queueAndBlobTriggers = false)
    {
        var connection = storageConnectionString ?? await TestStorage.ConnectionStringAsync();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["Docket:Storage"] = connection,
            ["Docket:BootstrapAdminEmail"] = AdminEmail,
            ["Docket:BootstrapAdminKey"] = AdminKey,
            ["Docket:CursorSigningKey"] = CursorSigningKey,
            [LocalFunctionsHost.QueueLeaseSetting] = "00:00:05",
            // The feed's settle time bounds every batch that carries feed rows to half of it; shorter than the
            // default, so that tests of the feed wait less, long enough for a batch on a loaded CI machine.
            ["Docket:Events:FeedSettle"] = "00:00:12",
            [LocalFunctionsHost.BlobPollingIntervalSetting] = "00:00:00.5",
            // Sweeps read every project; the shared host runs them rarely, tests of the sweeps start hosts that run
            // them often.
            ["Docket:SweepSchedule"] = "0 0 */6 * * *",
            ["Docket:RebalanceSchedule"] = "0 0 */6 * * *",
            // An app of its own: its timers' locks and schedule status are not another test host's, whose clock and
            // schedules differ (host processes started by tests share the default id, as instances of one app do).
            ["AzureFunctionsWebHost:hostid"] = "test-" + Guid.NewGuid().ToString("N")[..12],
        };
        if (!queueAndBlobTriggers)
            foreach (var function in QueueAndBlobFunctions)
                settings[LocalFunctionsHost.DisabledSetting(function)] = "true";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;

        return await RunningHost.StartAsync(new LocalFunctionsHostOptions
        {
            FunctionAssemblies = [typeof(DocketServiceCollectionExtensions).Assembly],
            RepositoryRoot = TestStorage.RepositoryRoot,
            Url = "http://127.0.0.1:0",
            ConfigureServices = (collection, configuration) =>
            {
                collection.AddDocket(configuration);
                collection.AddSingleton<ILoggerProvider>(CapturedLogs.Instance);
                services?.Invoke(collection);
            },
            Settings = settings,
        });
    }
}
