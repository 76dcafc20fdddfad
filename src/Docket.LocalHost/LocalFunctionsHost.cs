using System.Reflection;
using System.Text.RegularExpressions;
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

    /// <summary>Where Kestrel listens, over every other source (see <see cref="ListenUrl"/>).</summary>
    public string? Url { get; init; }
}

/// <summary>
/// Hosts Azure Functions classes the way the Functions host and the isolated worker would, without Core Tools:
/// HTTP, queue, timer and blob triggers discovered by reflection, configured from host.json and local.settings.json.
/// Adding a function needs no change here.
/// </summary>
public static partial class LocalFunctionsHost
{
    /// <summary>
    /// How long a received queue message stays invisible while its function runs (renewed halfway meanwhile).
    /// The Functions host uses 10 minutes; tests shorten it so that a killed host's messages come back quickly.
    /// </summary>
    public const string QueueLeaseSetting = "LocalHost:QueueMessageLease";
    public const string BlobPollingIntervalSetting = "LocalHost:BlobPollingInterval";

    /// <summary>The Functions host's limit on a request body, in bytes.</summary>
    public const string RequestBodySizeLimitSetting = "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT";
    public const long DefaultRequestBodySizeLimit = 100L * 1024 * 1024;

    static readonly TimeSpan DefaultQueueLease = TimeSpan.FromMinutes(10);

    public static async Task<WebApplication> BuildAsync(LocalFunctionsHostOptions options, string[]? args = null)
    {
        args ??= [];
        var root = options.RepositoryRoot ?? RepositoryRoot.Locate();
        var hostJson = HostJsonSettings.Load(Path.Combine(root, "host.json"));

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = root });
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddInMemoryCollection(LocalSettingsFile.ReadValues(root))
            .AddEnvironmentVariables()
            .AddInMemoryCollection(options.Settings)
            .AddCommandLine(args);
        var configuration = builder.Configuration;

        var azurite = await StartAzuriteIfNeededAsync(root, configuration);
        builder.WebHost.UseUrls(ListenUrl.Resolve(options.Url, args,
            Environment.GetEnvironmentVariable("ASPNETCORE_URLS"), LocalSettingsFile.ReadHttpPort(root)));
        var bodyLimit = configuration.GetValue(RequestBodySizeLimitSetting, DefaultRequestBodySizeLimit);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = bodyLimit);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Azure.Core", LogLevel.Warning);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        options.ConfigureServices?.Invoke(builder.Services, configuration);

        var functions = FunctionCatalog.Discover(options.FunctionAssemblies)
            .Where(function => !IsDisabled(function, configuration)).ToList();
        var triggers = new TriggerRegistrations(hostJson, configuration);
        foreach (var function in functions)
            triggers.Add(builder.Services, function);
        triggers.AddBlobTriggerQueue(builder.Services);

        var app = builder.Build();
        if (azurite is not null)
            app.Lifetime.ApplicationStopped.Register(() => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult());

        app.UseExceptionHandler(errors => errors.Run(context => Results.Problem(
            title: "Internal error", statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context)));
        app.Use(RequestBodyLimit.Middleware(bodyLimit));
        HttpTriggerRoutes.Map(app, functions, hostJson);
        app.MapFallback(context => Results.Problem(
            title: "Not found", detail: $"No function answers {context.Request.Method} {context.Request.Path}.",
            statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context));

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Docket.LocalHost");
        logger.LogInformation("Hosting {Count} functions: {Names}", functions.Count,
            string.Join(", ", functions.Select(f => f.Name)));
        return app;
    }

    /// <summary>The Functions host's switch for one function: "AzureWebJobs.{name}.Disabled" set to true.</summary>
    public static string DisabledSetting(string functionName) => $"AzureWebJobs.{functionName}.Disabled";

    static bool IsDisabled(FunctionDescriptor function, IConfiguration configuration) =>
        configuration.GetValue<bool>(DisabledSetting(function.Name))
        || configuration.GetValue<bool>($"AzureWebJobs:{function.Name}:Disabled");

    /// <summary>Resolves "%Setting%" references anywhere in a trigger attribute's value, as the host does.</summary>
    public static string Resolve(string value, IConfiguration configuration) =>
        SettingReference().Replace(value, match => configuration[match.Groups[1].Value]
            ?? throw new InvalidOperationException($"Setting '{match.Groups[1].Value}' is not configured."));

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();

    /// <summary>The listener or runner each trigger kind needs, built from host.json and the connections.</summary>
    sealed class TriggerRegistrations(HostJsonSettings hostJson, IConfiguration configuration)
    {
        readonly string hostId = HostId.From(configuration);
        readonly Dictionary<string, BlobTriggerRegistration> blobFunctions = new(StringComparer.Ordinal);
        readonly TimeSpan queueLease = configuration.GetValue(QueueLeaseSetting, DefaultQueueLease);

        public void Add(IServiceCollection services, FunctionDescriptor function)
        {
            switch (function.Trigger)
            {
                case QueueTriggerAttribute queueTrigger:
                    AddQueueTrigger(services, function, queueTrigger);
                    break;
                case TimerTriggerAttribute timerTrigger:
                    AddTimerTrigger(services, function, timerTrigger);
                    break;
                case BlobTriggerAttribute blobTrigger:
                    AddBlobTrigger(services, function, blobTrigger);
                    break;
            }
        }

        void AddQueueTrigger(IServiceCollection services, FunctionDescriptor function, QueueTriggerAttribute trigger)
        {
            var account = StorageAccount.FromConfiguration(configuration, ConnectionName(trigger.Connection),
                QueueMessageEncoding.None);
            var queueName = Resolve(trigger.QueueName, configuration);
            var poison = account.Queues.GetQueueClient(queueName + "-poison");
            services.AddSingleton<IHostedService>(provider => new QueueTriggerListener(function.Name,
                account.Queues.GetQueueClient(queueName), _ => poison, hostJson.Queues, queueLease,
                QueueTriggerBinding.Handler(function, provider.GetRequiredService<IServiceScopeFactory>(),
                    hostJson.FunctionTimeout),
                provider.GetRequiredService<ILogger<QueueTriggerListener>>()));
        }

        void AddTimerTrigger(IServiceCollection services, FunctionDescriptor function, TimerTriggerAttribute trigger)
        {
            var schedule = TimerSchedule.Parse(trigger.Schedule, configuration);
            var hostContainer = HostAccount.Blobs.GetBlobContainerClient(ScheduleLock.HostContainer);
            services.AddSingleton<IHostedService>(provider => new TimerTriggerRunner(function, schedule,
                new ScheduleLock(hostContainer, hostId, function.Name),
                new ScheduleStatusStore(hostContainer, hostId, function.Name), hostJson.FunctionTimeout,
                provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<TimerTriggerRunner>>()));
        }

        void AddBlobTrigger(IServiceCollection services, FunctionDescriptor function, BlobTriggerAttribute trigger)
        {
            var account = StorageAccount.FromConfiguration(configuration, ConnectionName(trigger.Connection),
                QueueMessageEncoding.None);
            var pattern = BlobPathPattern.Parse(Resolve(trigger.BlobPath!, configuration));
            var container = account.Blobs.GetBlobContainerClient(pattern.Container);
            var eventGrid = trigger.Source == BlobTriggerSource.EventGrid;
            blobFunctions[function.Name] = new BlobTriggerRegistration(function, pattern, eventGrid, container,
                account.Queues.GetQueueClient(BlobTriggerMessage.PoisonQueue));
            var pollingInterval = configuration.GetValue(BlobPollingIntervalSetting, TimeSpan.FromSeconds(2));
            services.AddSingleton<IHostedService>(provider => new BlobTriggerPublisher(function, pattern, eventGrid,
                container, HostAccount.Tables.GetTableClient(BlobTriggerPublisher.ReceiptsTable),
                StorageAccount.FromConfiguration(configuration, StorageAccount.DefaultConnectionName).Queues
                    .GetQueueClient(BlobTriggerMessage.QueueName(hostId)),
                hostId, pollingInterval, provider.GetRequiredService<ILogger<BlobTriggerPublisher>>()));
        }

        /// <summary>One listener on the host's blob trigger queue runs every blob function, as in the extension.
        /// </summary>
        public void AddBlobTriggerQueue(IServiceCollection services)
        {
            if (blobFunctions.Count == 0) return;
            var queue = HostAccount.Queues.GetQueueClient(BlobTriggerMessage.QueueName(hostId));
            var settings = hostJson.Queues.ForBlobs(hostJson.BlobsMaxDegreeOfParallelism)
                with
            { Base64Encoding = true };
            services.AddSingleton<IHostedService>(provider =>
            {
                var dispatcher = new BlobTriggerDispatcher(blobFunctions,
                    HostAccount.Queues.GetQueueClient(BlobTriggerMessage.PoisonQueue),
                    provider.GetRequiredService<IServiceScopeFactory>(), hostJson.FunctionTimeout,
                    provider.GetRequiredService<ILogger<BlobTriggerDispatcher>>());
                return new QueueTriggerListener("BlobTrigger", queue, dispatcher.PoisonQueueFor, settings, queueLease,
                    dispatcher.HandleAsync, provider.GetRequiredService<ILogger<QueueTriggerListener>>());
            });
        }

        /// <summary>The host storage account (AzureWebJobsStorage), with raw queue messages.</summary>
        StorageAccount HostAccount => hostAccount ??= StorageAccount.FromConfiguration(configuration,
            StorageAccount.DefaultConnectionName, QueueMessageEncoding.None);

        StorageAccount? hostAccount;

        static string ConnectionName(string? connection) =>
            string.IsNullOrEmpty(connection) ? StorageAccount.DefaultConnectionName : connection;
    }

    /// <summary>
    /// With development storage configured and nothing listening on its ports, starts Azurite (data kept in
    /// .azurite/ under the repository root) for as long as the host runs.
    /// </summary>
    static async Task<AzuriteProcess?> StartAzuriteIfNeededAsync(string root, IConfiguration configuration)
    {
        var usesDevelopmentStorage = new[] { StorageAccount.DefaultConnectionName, "Docket:Storage" }
            .Any(name => string.Equals(configuration[name], "UseDevelopmentStorage=true",
                StringComparison.OrdinalIgnoreCase));
        if (!usesDevelopmentStorage || AzuriteProcess.IsListening(10000) || AzuriteProcess.IsListening(10001)
            || AzuriteProcess.IsListening(10002))
            return null;
        Console.WriteLine("Starting Azurite (development storage) from node_modules ...");
        return await AzuriteProcess.StartAsync(root, 10000, 10001, 10002, Path.Combine(root, ".azurite"));
    }
}
