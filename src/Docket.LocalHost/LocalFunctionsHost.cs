using System.Reflection;
using Azure.Storage.Queues;
using Docket.LocalHost.Azurite;
using Docket.LocalHost.Configuration;
using Docket.LocalHost.Functions;
using Docket.LocalHost.Triggers;
using Docket.Storage.Connection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Docket.LocalHost;

public sealed class LocalFunctionsHostOptions
{
    /// <summary>Assemblies whose [Function] methods are hosted.</summary>
    public required IReadOnlyList<Assembly> FunctionAssemblies { get; init; }

    /// <summary>The app's own service registrations (what its Program.cs adds).</summary>
    public Action<IServiceCollection, IConfiguration>? ConfigureServices { get; init; }

    /// <summary>Settings applied last, over local.settings.json and environment variables.</summary>
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The folder with host.json and local.settings.json; found from the current folder when null.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Where Kestrel listens; from local.settings.json "Host:LocalHttpPort" (default 7071) when null.</summary>
    public string? Url { get; init; }
}

/// <summary>
/// Hosts Azure Functions classes the way the Functions host and the isolated worker would, without Core Tools:
/// HTTP, queue, timer and blob triggers discovered by reflection, configured from host.json and local.settings.json.
/// Adding a function needs no change here.
/// </summary>
public static class LocalFunctionsHost
{
    /// <summary>How long a received queue message stays invisible while its function runs (renewed meanwhile).</summary>
    public const string QueueLeaseSetting = "LocalHost:QueueMessageLease";
    public const string BlobPollingIntervalSetting = "LocalHost:BlobPollingInterval";

    public static async Task<WebApplication> BuildAsync(LocalFunctionsHostOptions options, string[]? args = null)
    {
        var root = options.RepositoryRoot ?? RepositoryRoot.Locate();
        var hostJson = HostJsonSettings.Load(Path.Combine(root, "host.json"));

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [], ContentRootPath = root });
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddInMemoryCollection(LocalSettingsFile.ReadValues(root))
            .AddEnvironmentVariables()
            .AddInMemoryCollection(options.Settings)
            .AddCommandLine(args ?? []);
        var configuration = builder.Configuration;

        var azurite = await StartAzuriteIfNeededAsync(root, configuration);
        builder.WebHost.UseUrls(options.Url ?? $"http://localhost:{LocalSettingsFile.ReadHttpPort(root) ?? 7071}");
        // The Functions host accepts request bodies up to 210 MB; Kestrel's own default is 30 MB.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 210L * 1024 * 1024);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Azure.Core", LogLevel.Warning);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        options.ConfigureServices?.Invoke(builder.Services, configuration);

        var functions = FunctionCatalog.Discover(options.FunctionAssemblies);
        foreach (var function in functions)
            AddTriggerListener(builder.Services, function, hostJson, configuration);

        var app = builder.Build();
        if (azurite is not null)
            app.Lifetime.ApplicationStopped.Register(() => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult());

        app.UseExceptionHandler(errors => errors.Run(context => Results.Problem(
            title: "Internal error", statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context)));
        HttpTriggerRoutes.Map(app, functions, hostJson.RoutePrefix);
        app.MapFallback(context => Results.Problem(
            title: "Not found", detail: $"No function answers {context.Request.Method} {context.Request.Path}.",
            statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context));

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Docket.LocalHost");
        logger.LogInformation("Hosting {Count} functions: {Names}", functions.Count, string.Join(", ", functions.Select(f => f.Name)));
        return app;
    }

    static void AddTriggerListener(IServiceCollection services, FunctionDescriptor function, HostJsonSettings hostJson, IConfiguration configuration)
    {
        switch (function.Trigger)
        {
            case QueueTriggerAttribute queueTrigger:
                services.AddSingleton<IHostedService>(provider =>
                {
                    var account = StorageAccount.FromConfiguration(configuration, ConnectionName(queueTrigger.Connection),
                        hostJson.Queues.Base64Encoding ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None);
                    var queueName = Resolve(queueTrigger.QueueName, configuration);
                    return new QueueTriggerListener(function,
                        account.Queues.GetQueueClient(queueName), account.Queues.GetQueueClient(queueName + "-poison"),
                        hostJson.Queues, configuration.GetValue(QueueLeaseSetting, TimeSpan.FromSeconds(30)),
                        provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<ILogger<QueueTriggerListener>>());
                });
                break;
            case TimerTriggerAttribute timerTrigger:
                services.AddSingleton<IHostedService>(provider => new TimerTriggerRunner(function,
                    TimerSchedule.Parse(timerTrigger.Schedule, configuration),
                    provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<TimeProvider>(),
                    provider.GetRequiredService<ILogger<TimerTriggerRunner>>()));
                break;
            case BlobTriggerAttribute blobTrigger:
                services.AddSingleton<IHostedService>(provider =>
                {
                    var account = StorageAccount.FromConfiguration(configuration, ConnectionName(blobTrigger.Connection));
                    var hostAccount = StorageAccount.FromConfiguration(configuration, StorageAccount.DefaultConnectionName);
                    var pattern = BlobPathPattern.Parse(Resolve(blobTrigger.BlobPath!, configuration));
                    return new BlobTriggerPoller(function,
                        account.Blobs.GetBlobContainerClient(pattern.Container),
                        hostAccount.Tables.GetTableClient("LocalHostBlobReceipts"),
                        hostAccount.Queues.GetQueueClient("webjobs-blobtrigger-poison"),
                        configuration.GetValue(BlobPollingIntervalSetting, TimeSpan.FromSeconds(2)),
                        provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<ILogger<BlobTriggerPoller>>());
                });
                break;
        }
    }

    static string ConnectionName(string? connection) =>
        string.IsNullOrEmpty(connection) ? StorageAccount.DefaultConnectionName : connection;

    /// <summary>Resolves "%Setting%" references inside trigger attribute values, like the Functions host.</summary>
    static string Resolve(string value, IConfiguration configuration) =>
        System.Text.RegularExpressions.Regex.Replace(value, "%([^%]+)%", match =>
            configuration[match.Groups[1].Value] ?? throw new InvalidOperationException($"Setting '{match.Groups[1].Value}' is not configured."));

    /// <summary>
    /// With development storage configured and nothing listening on its ports, starts Azurite (data kept in
    /// .azurite/ under the repository root) for as long as the host runs.
    /// </summary>
    static async Task<AzuriteProcess?> StartAzuriteIfNeededAsync(string root, IConfiguration configuration)
    {
        var usesDevelopmentStorage = new[] { StorageAccount.DefaultConnectionName, "Docket:Storage" }
            .Any(name => string.Equals(configuration[name], "UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase));
        if (!usesDevelopmentStorage || AzuriteProcess.IsListening(10000) || AzuriteProcess.IsListening(10001) || AzuriteProcess.IsListening(10002))
            return null;
        Console.WriteLine("Starting Azurite (development storage) from node_modules ...");
        return await AzuriteProcess.StartAsync(root, 10000, 10001, 10002, Path.Combine(root, ".azurite"));
    }
}
