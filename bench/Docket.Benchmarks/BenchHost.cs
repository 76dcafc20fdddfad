using System.Diagnostics;
using System.Net.Http.Headers;
using Docket.Client;
using Docket.Contracts;
using Azure.Core;
using Docket.Functions;
using Docket.Storage.Connection;
using Docket.LocalHost;
using Docket.LocalHost.Azurite;
using Docket.LocalHost.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Benchmarks;

/// <summary>One member of a benchmark project and the client that calls as them.</summary>
public sealed record Member(string Email, DocketClient Client);

/// <summary>
/// A fresh in-memory Azurite and an in-process Docket host on free ports, plus the org admin's client. Each
/// scenario (and each pool size) gets its own: Azurite answers range queries by scanning the whole table, so rows
/// left by an earlier scenario would slow a later one and blur what is being measured.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    public const string AdminEmail = "bench-admin@docket.bench";
    public const string AdminKey = "bench-bootstrap-admin-key-0123456789";

    /// <summary>One connection pool for every client of the run.</summary>
    static readonly SocketsHttpHandler handler = new() { MaxConnectionsPerServer = 256 };

    readonly AzuriteProcess azurite;
    readonly WebApplication app;

    BenchHost(AzuriteProcess azurite, WebApplication app, HttpClient http)
    {
        this.azurite = azurite;
        this.app = app;
        BaseAddress = http.BaseAddress!;
        this.http = http;
        Admin = ClientFor(AdminKey);
    }

    readonly HttpClient http;

    public string ConnectionString => azurite.ConnectionString;
    public int[] StoragePorts => [azurite.BlobPort, azurite.QueuePort, azurite.TablePort];
    public int AzuriteProcessId => azurite.ProcessId;
    public Uri BaseAddress { get; }
    public DocketClient Admin { get; }

    /// <summary>
    /// Docket.Client calling as the key's owner over the host's one connection pool, without retries: a benchmark
    /// that counted a retried failure as work would lie, so every error answer throws.
    /// </summary>
    public DocketClient ClientFor(string key) => new(new HttpClient(handler, disposeHandler: false)
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromMinutes(10),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) },
    })
    {
        UploadPollInterval = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>The host's services, for seeding storage the way Docket writes it.</summary>
    public IServiceProvider Services => app.Services;

    public static async Task<BenchHost> StartAsync()
    {
        var root = RepositoryRoot.Locate();
        var azurite = await AzuriteProcess.StartInMemoryAsync(root);
        // If the benchmark dies (Ctrl+C, an exception), Azurite must not outlive it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try
        {
            var app = await LocalFunctionsHost.BuildAsync(new LocalFunctionsHostOptions
            {
                FunctionAssemblies = [typeof(DocketServiceCollectionExtensions).Assembly],
                RepositoryRoot = root,
                Url = "http://127.0.0.1:0",
                ConfigureServices = (services, configuration) =>
                {
                    services.AddDocket(configuration);
                    services.AddSingleton(
                        new StoragePipelinePolicy(EntityWrites.Instance, HttpPipelinePosition.PerRetry));
                },
                Settings = new Dictionary<string, string?>
                {
                    ["AzureWebJobsStorage"] = azurite.ConnectionString,
                    ["Docket:Storage"] = azurite.ConnectionString,
                    ["Docket:BootstrapAdminEmail"] = AdminEmail,
                    ["Docket:BootstrapAdminKey"] = AdminKey,
                    ["Docket:CursorSigningKey"] = "bench-cursor-signing-key-0123456789abcdef",
                    // Information logs per request would cost more than some of the calls being measured.
                    ["Logging:LogLevel:Default"] = "Warning",
                },
            });
            await app.StartAsync();
            var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(app.Urls.First()) };
            return new BenchHost(azurite, app, http);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <param name="queueSize">1 in the assignment scenarios, so each member's first "next" claims exactly one
    /// task.</param>
    /// <param name="reviewStages">Review stages between Label and Ground Truth (Review_1 … Review_N).</param>
    public Task CreateProjectAsync(string projectId, int queueSize, int reviewStages = 0) =>
        Admin.CreateProjectAsync(new CreateProjectRequest(projectId, "Benchmark " + projectId, reviewStages)
        {
            QueueSize = queueSize,
        });

    /// <summary>Creates a user with an API key and makes them a member with Label access.</summary>
    public async Task<Member> AddMemberAsync(string projectId, string email)
    {
        await Admin.PutUserAsync(email);
        var key = await Admin.CreateApiKeyAsync(email);
        await Admin.PutMemberAsync(projectId, email, new PutMemberRequest(ProjectRole.Member) { Stages = ["Label"] });
        return new Member(email, ClientFor(key.Key));
    }

    public async Task<List<Member>> AddMembersAsync(string projectId, int count, string prefix)
    {
        var members = new Member[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) =>
            members[i] = await AddMemberAsync(projectId, $"{prefix}{i:D3}@docket.bench"));
        return [.. members];
    }

    public sealed record UploadOutcome(bool LargePath, int Created, TimeSpan Elapsed, TimeSpan Accepted);

    /// <summary>
    /// Posts an items file and waits until its tasks exist: at once for a small file (200), else by polling the
    /// upload every 200 ms until it says Completed (202 + uploadId, ingested in chunks through a queue).
    /// </summary>
    public async Task<UploadOutcome> UploadAsync(string projectId, byte[] itemsFile)
    {
        var stopwatch = Stopwatch.StartNew();
        var start = await Admin.StartUploadAsync(projectId, itemsFile);
        if (start.Result is { } done)
            return new UploadOutcome(false, done.Created, stopwatch.Elapsed, stopwatch.Elapsed);

        var accepted = stopwatch.Elapsed;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var result = await Admin.WaitForUploadAsync(projectId, start.UploadId!, cancellationToken: deadline.Token);
        if (result.Status != "Completed")
            throw new InvalidOperationException($"Upload {start.UploadId} did not complete: {result.Failure}");
        return new UploadOutcome(true, result.Created, stopwatch.Elapsed, accepted);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await azurite.DisposeAsync();
    }
}
