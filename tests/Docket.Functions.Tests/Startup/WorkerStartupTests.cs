using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Docket.Functions.Hosting;
using Docket.Functions.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Docket.Functions.Tests.Startup;

/// <summary>
/// The worker that ships starts: its registrations (the method Program.cs calls) build a host that resolves every
/// function class, filter and middleware, and the built Docket.Functions.dll, started the way the Functions host
/// starts a worker, gets as far as connecting to the host with nothing thrown before.
/// </summary>
public sealed class WorkerStartupTests
{
    static readonly Assembly FunctionsAssembly = typeof(DocketWorker).Assembly;

    [Fact]
    public void Worker_registrations_resolve_every_function_class_filter_and_middleware()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        builder.Configuration["Docket:Storage"] = "UseDevelopmentStorage=true";
        builder.Configuration["Docket:CursorSigningKey"] = DocketHost.CursorSigningKey;
        builder.AddDocketWorker();
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();

        var functionClasses = FunctionsAssembly.GetExportedTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();
        Assert.NotEmpty(functionClasses);
        foreach (var type in functionClasses)
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        Assert.NotEmpty(scope.ServiceProvider.GetServices<IHttpFunctionFilter>());
        Assert.NotNull(ActivatorUtilities.CreateInstance<HttpFunctionFilterMiddleware>(scope.ServiceProvider));
    }

    [Fact]
    public void Worker_telemetry_builds_with_azure_monitor_and_otlp_exporters_together()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        builder.Configuration["Docket:Storage"] = "UseDevelopmentStorage=true";
        builder.Configuration["Docket:CursorSigningKey"] = DocketHost.CursorSigningKey;
        // Endpoints where nothing listens: building must not need them.
        builder.Configuration[DocketTelemetry.AppInsightsConnectionString] =
            "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
        builder.Configuration[DocketTelemetry.AppInsightsAuthenticationString] =
            "ClientId=11111111-1111-1111-1111-111111111111;Authorization=AAD";
        builder.Configuration[DocketTelemetry.OtlpEndpoint] = "http://127.0.0.1:9";
        builder.AddDocketWorker();
        using var host = builder.Build();

        Assert.NotNull(host.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
        Assert.NotNull(host.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
        Assert.Equal("11111111-1111-1111-1111-111111111111", DocketTelemetry.ManagedIdentityClientId(
            builder.Configuration[DocketTelemetry.AppInsightsAuthenticationString]));
    }

    [Fact]
    public async Task Shipped_worker_process_starts_and_connects_to_the_functions_host()
    {
        var dll = ShippedWorker.Path;
        Assert.True(File.Exists(dll), $"build the solution first: {dll} is missing");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        // The arguments the Functions host passes to a worker it starts (both the old and the current names).
        foreach (var argument in new[]
                 {
                     "--host", "127.0.0.1", "--port", port.ToString(), "--workerId", "test-worker",
                     "--requestId", "test-request",
                     "--grpcMaxMessageLength", "2147483647", "--functions-uri", $"http://127.0.0.1:{port}/",
                     "--functions-worker-id", "test-worker", "--functions-request-id", "test-request",
                     "--functions-grpc-max-message-length", "2147483647",
                 })
            start.ArgumentList.Add(argument);
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        start.Environment["Docket__Storage"] = "UseDevelopmentStorage=true";
        start.Environment["Docket__CursorSigningKey"] = DocketHost.CursorSigningKey;

        var output = new StringBuilder();
        using var worker = Process.Start(start)!;
        worker.OutputDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        worker.ErrorDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var accept = listener.AcceptTcpClientAsync(timeout.Token).AsTask();
            var exited = worker.WaitForExitAsync(timeout.Token);
            var first = await Task.WhenAny(accept, exited);
            Assert.True(first == accept && accept.IsCompletedSuccessfully,
                $"the worker did not connect to the host (exited: {worker.HasExited}):\n{Snapshot(output)}");

            // A gRPC client opens with the HTTP/2 connection preface.
            using var connection = await accept;
            var preface = new byte[24];
            await connection.GetStream().ReadExactlyAsync(preface, timeout.Token);
            Assert.Equal("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Encoding.ASCII.GetString(preface));
            Assert.DoesNotContain("Exception", Snapshot(output));
        }
        finally
        {
            if (!worker.HasExited) worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }
    }

    static string Snapshot(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}
