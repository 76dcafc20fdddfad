using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Docket.Functions;
using Docket.LocalHost;
using Docket.LocalHost.Azurite;
using Docket.LocalHost.Configuration;
using Microsoft.AspNetCore.Builder;

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

    readonly AzuriteProcess azurite;
    readonly WebApplication app;

    BenchHost(AzuriteProcess azurite, WebApplication app, HttpClient http)
    {
        this.azurite = azurite;
        this.app = app;
        Http = http;
        Admin = new DocketClient(http, AdminKey);
    }

    public string ConnectionString => azurite.ConnectionString;
    public int[] StoragePorts => [azurite.BlobPort, azurite.QueuePort, azurite.TablePort];
    public int AzuriteProcessId => azurite.ProcessId;
    public HttpClient Http { get; }
    public DocketClient Admin { get; }

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
                ConfigureServices = (services, configuration) => services.AddDocket(configuration),
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
            var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(10) };
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
    public async Task CreateProjectAsync(string projectId, int queueSize, int reviewStages = 0) =>
        await Admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/projects",
            new JsonObject
            {
                ["projectId"] = projectId,
                ["name"] = "Benchmark " + projectId,
                ["reviewStages"] = reviewStages,
                ["queueSize"] = queueSize
            }.ToJsonString());

    /// <summary>Creates a user with an API key and makes them a member with Label access.</summary>
    public async Task<Member> AddMemberAsync(string projectId, string email)
    {
        await Admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/users/{email}",
            new { orgRole = "Member" });
        var key = await Admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"api/users/{email}/keys");
        await Admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/projects/{projectId}/members/{email}",
            new { role = "Member", stages = new[] { "Label" } });
        return new Member(email, new DocketClient(Http, key!["key"]!.GetValue<string>()));
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
        using var response = await Admin.SendAsync(HttpMethod.Post, $"api/projects/{projectId}/items", itemsFile);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var done = (await DocketClient.ReadAsync(response, HttpStatusCode.OK, "POST items"))!;
            return new UploadOutcome(false, done["created"]!.AsArray().Count, stopwatch.Elapsed, stopwatch.Elapsed);
        }

        var started = (await DocketClient.ReadAsync(response, HttpStatusCode.Accepted, "POST items"))!;
        var accepted = stopwatch.Elapsed;
        var uploadId = started["uploadId"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (true)
        {
            var upload = (await Admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                $"api/projects/{projectId}/uploads/{uploadId}"))!;
            var status = upload["status"]!.GetValue<string>();
            if (status == "Completed")
                return new UploadOutcome(true, upload["created"]!.GetValue<int>(), stopwatch.Elapsed, accepted);
            if (status == "Failed" || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"Upload {uploadId} did not complete: {upload.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await azurite.DisposeAsync();
    }
}
