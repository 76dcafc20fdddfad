using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Docket.Functions.Tests.WorkerProtocol.Messages;
using Docket.LocalHost.Azurite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Docket.Functions.Tests.WorkerProtocol;

/// <summary>
/// Plays the Functions host for a real built worker: serves the worker protocol's gRPC event stream, starts the
/// worker process with the host's arguments, initialises it, loads the functions its metadata lists, and invokes
/// them — HTTP functions through the ASP.NET Core integration (the request goes to the worker's own HTTP endpoint,
/// paired with the invocation by the x-ms-invocation-id header), others with their trigger data.
/// </summary>
public sealed class WorkerHarness : IAsyncDisposable
{
    const string InvocationIdHeader = "x-ms-invocation-id";
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    readonly WebApplication server;
    readonly Process worker;
    readonly StringBuilder workerOutput;

    WorkerHarness(WebApplication server, Process worker, StringBuilder workerOutput, WorkerChannel channel)
    {
        this.server = server;
        this.worker = worker;
        this.workerOutput = workerOutput;
        Channel = channel;
    }

    public WorkerChannel Channel { get; }
    public IReadOnlyDictionary<string, RpcFunctionMetadata> Functions { get; private set; } =
        new Dictionary<string, RpcFunctionMetadata>();
    public Uri? HttpUri { get; private set; }

    /// <summary>From starting the process to every function loaded.</summary>
    public TimeSpan StartupTime { get; private set; }

    public string WorkerOutput
    {
        get { lock (workerOutput) return workerOutput.ToString(); }
    }

    /// <summary>What the worker logged over the stream and wrote to its console, for failure messages.</summary>
    public string Diagnostics => string.Join('\n', Channel.Logs.Select(log =>
        $"{log.Level} {log.Category}: {log.Message} {log.Exception?.Message}")) + "\n" + WorkerOutput;

    public static async Task<WorkerHarness> StartAsync(string workerDll,
        IReadOnlyDictionary<string, string> environment)
    {
        var port = AzuriteProcess.FreePort();
        var channel = new WorkerChannel();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(channel);
        var server = builder.Build();
        server.MapGrpcService<WorkerChannel>();
        await server.StartAsync();

        var clock = Stopwatch.StartNew();
        var output = new StringBuilder();
        var worker = StartWorker(workerDll, port, environment, output);
        var harness = new WorkerHarness(server, worker, output, channel);
        try
        {
            await harness.InitializeAsync(Path.GetDirectoryName(workerDll)!);
            harness.StartupTime = clock.Elapsed;
            return harness;
        }
        catch (Exception exception)
        {
            var said = harness.WorkerOutput;
            await harness.DisposeAsync();
            throw new InvalidOperationException($"The worker did not start: {exception.Message}\n{said}", exception);
        }
    }

    static Process StartWorker(string workerDll, int port, IReadOnlyDictionary<string, string> environment,
        StringBuilder output)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(workerDll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(workerDll);
        foreach (var argument in new[]
                 {
                     "--host", "127.0.0.1", "--port", port.ToString(), "--workerId", "harness-worker",
                     "--requestId", "harness-request", "--grpcMaxMessageLength", "2147483647",
                     "--functions-uri", $"http://127.0.0.1:{port}/", "--functions-worker-id", "harness-worker",
                     "--functions-request-id", "harness-request", "--functions-grpc-max-message-length", "2147483647",
                 })
            start.ArgumentList.Add(argument);
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = Path.GetDirectoryName(workerDll)!;
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    async Task InitializeAsync(string directory)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var token = timeout.Token;
        await Channel.ReceiveAsync(StreamingMessage.ContentOneofCase.StartStream, null, token);

        var init = new WorkerInitRequest
        {
            HostVersion = "4.0.0-harness",
            WorkerDirectory = directory,
            FunctionAppDirectory = directory,
            Capabilities =
            {
                ["RpcHttpBodyOnly"] = "true", ["RawHttpBodyBytes"] = "true", ["TypedDataCollection"] = "true",
            },
        };
        await Channel.SendAsync(new StreamingMessage { RequestId = NewId(), WorkerInitRequest = init }, token);
        var initialized = (await Channel.ReceiveAsync(
            StreamingMessage.ContentOneofCase.WorkerInitResponse, null, token)).WorkerInitResponse;
        EnsureSuccess(initialized.Result, "initialise");
        if (initialized.Capabilities.TryGetValue("HttpUri", out var httpUri))
            HttpUri = new Uri(httpUri.EndsWith('/') ? httpUri : httpUri + "/");

        await Channel.SendAsync(new StreamingMessage
        {
            RequestId = NewId(),
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = directory },
        }, token);
        var metadata = (await Channel.ReceiveAsync(
            StreamingMessage.ContentOneofCase.FunctionMetadataResponse, null, token)).FunctionMetadataResponse;
        EnsureSuccess(metadata.Result, "list its functions");
        if (metadata.UseDefaultMetadataIndexing)
            throw new InvalidOperationException(
                "The worker asks for host indexing (function.json), which this harness lacks.");
        Functions = metadata.FunctionMetadataResults.ToDictionary(f => f.Name);

        foreach (var function in Functions.Values)
            await Channel.SendAsync(new StreamingMessage
            {
                RequestId = NewId(),
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function },
            }, token);
        foreach (var function in Functions.Values)
            EnsureSuccess((await Channel.ReceiveAsync(StreamingMessage.ContentOneofCase.FunctionLoadResponse,
                function.FunctionId, token)).FunctionLoadResponse.Result, $"load {function.Name}");
    }

    /// <summary>Invokes a function with its trigger's data, as the host does for non-HTTP triggers.</summary>
    public async Task<InvocationResponse> InvokeAsync(string functionName, TypedData triggerData,
        IReadOnlyDictionary<string, TypedData>? triggerMetadata = null)
    {
        var function = Functions[functionName];
        var request = NewInvocation(function);
        request.InputData.Add(new ParameterBinding { Name = TriggerBindingName(function), Data = triggerData });
        foreach (var (name, value) in triggerMetadata ?? new Dictionary<string, TypedData>())
            request.TriggerMetadata[name] = value;
        using var timeout = new CancellationTokenSource(Patience);
        await Channel.SendAsync(new StreamingMessage { RequestId = NewId(), InvocationRequest = request },
            timeout.Token);
        return (await Channel.ReceiveAsync(StreamingMessage.ContentOneofCase.InvocationResponse, request.InvocationId,
            timeout.Token)).InvocationResponse;
    }

    /// <summary>
    /// Invokes an HTTP function as the host does with the ASP.NET Core integration: the invocation over gRPC and
    /// the request itself to the worker's HTTP endpoint, paired by the invocation id.
    /// </summary>
    public async Task<(HttpResponseMessage Response, InvocationResponse Invocation)> InvokeHttpAsync(
        string functionName, HttpMethod method, string path)
    {
        var function = Functions[functionName];
        var request = NewInvocation(function);
        var invocationId = request.InvocationId;
        var url = new Uri(HttpUri ?? throw new InvalidOperationException("The worker offers no HTTP endpoint."), path);
        request.InputData.Add(new ParameterBinding
        {
            Name = TriggerBindingName(function),
            Data = new TypedData { Http = new RpcHttp { Method = method.Method, Url = url.ToString() } },
        });
        using var timeout = new CancellationTokenSource(Patience);
        await Channel.SendAsync(new StreamingMessage { RequestId = NewId(), InvocationRequest = request },
            timeout.Token);

        var invocation = Channel.ReceiveAsync(StreamingMessage.ContentOneofCase.InvocationResponse, invocationId,
            timeout.Token);
        using var http = new HttpClient { Timeout = Patience };
        var response = SendWhenListeningAsync(http, method, url, invocationId, timeout.Token);
        await Task.WhenAny(invocation, response);
        if (invocation.IsCompleted
            && invocation.Result.InvocationResponse.Result.Status != StatusResult.Types.Status.Success)
            throw new InvalidOperationException(
                $"The invocation failed: {invocation.Result.InvocationResponse.Result.Exception?.Message}");
        return (await response, (await invocation).InvocationResponse);
    }

    /// <summary>
    /// Sends the invocation's HTTP request. The worker names its HTTP endpoint before its server listens, so a refused
    /// connection is tried again until the worker's server is up (the invocation waits for its request meanwhile).
    /// </summary>
    static async Task<HttpResponseMessage> SendWhenListeningAsync(HttpClient http, HttpMethod method, Uri url,
        string invocationId, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var message = new HttpRequestMessage(method, url);
            message.Headers.Add(InvocationIdHeader, invocationId);
            try
            {
                return await http.SendAsync(message, cancellationToken);
            }
            catch (HttpRequestException exception) when (IsRefused(exception))
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    static bool IsRefused(HttpRequestException exception) =>
        exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    /// <summary>A new invocation with the trace context the host always sends.</summary>
    static InvocationRequest NewInvocation(RpcFunctionMetadata function) => new()
    {
        InvocationId = NewId(),
        FunctionId = function.FunctionId,
        TraceContext = new RpcTraceContext
        {
            TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01",
        },
        RetryContext = new RetryContext(),
    };

    static string TriggerBindingName(RpcFunctionMetadata function) =>
        function.RawBindings.Select(raw => JsonDocument.Parse(raw).RootElement)
            .First(binding => binding.GetProperty("type").GetString()!
                .EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
            .GetProperty("name").GetString()!;

    static void EnsureSuccess(StatusResult result, string what)
    {
        if (result.Status != StatusResult.Types.Status.Success)
            throw new InvalidOperationException(
                $"The worker could not {what}: {result.Exception?.Message ?? result.Result}");
    }

    static string NewId() => Guid.NewGuid().ToString();

    public async ValueTask DisposeAsync()
    {
        if (!worker.HasExited) worker.Kill(entireProcessTree: true);
        await worker.WaitForExitAsync();
        worker.Dispose();
        await server.StopAsync();
        await server.DisposeAsync();
    }
}
