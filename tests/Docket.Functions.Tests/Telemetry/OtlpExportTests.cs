using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Telemetry;

/// <summary>
/// The local host, started as its Program.cs starts it, exports Docket's metrics, its request spans and the
/// storage spans beneath them over OTLP/HTTP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: an HTTP listener
/// in the test is the collector.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task The_local_host_exports_docket_metrics_and_storage_spans_over_otlp_http()
    {
        var port = AzuriteProcess.FreePort();
        var received = new ConcurrentQueue<(string Path, string ContentType, byte[] Body)>();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        using var stop = new CancellationTokenSource();
        var collecting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try { context = await collector.GetContextAsync(); }
                catch (Exception) when (stop.IsCancellationRequested || !collector.IsListening) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "",
                    body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var host = await HostProcess.StartAsync(azurite.ConnectionString,
            settings: new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
            });
        using var http = host.CreateClient();
        var admin = new ApiClient(http, DocketHost.AdminKey);
        var projectId = Scenario.UniqueId("otlp");
        await admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/projects",
            new { projectId, name = "OTLP", reviewStages = 0 });
        var email = Scenario.UniqueEmail("labeler");
        await admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/users/{email}", new { orgRole = "Member" });
        var key = (await admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"api/users/{email}/keys"))!;
        await admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/projects/{projectId}/members/{email}",
            new { role = "Member" });
        await Items.UploadNamesAsync(admin, projectId, 2);
        Assert.NotNull(await admin.As(key["key"]!.GetValue<string>()).Docket.NextAsync(projectId, "Label"));

        bool Exported(string path, string text) => received.Any(r => r.Path == path
            && r.ContentType.StartsWith("application/x-protobuf", StringComparison.Ordinal)
            && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));
        // Names are strings in the protobuf payload: the metric names and the Azure SDK's source names appear as is.
        await Eventually.HoldsAsync(() => Exported("/v1/metrics", "docket.next.duration")
                && Exported("/v1/metrics", "docket.upload.tasks")
                && Exported("/v1/metrics", "docket.claims")
                && Exported("/v1/traces", "Azure.Data.Tables")
                && Exported("/v1/traces", "Microsoft.AspNetCore"),
            TimeSpan.FromSeconds(90), "the host exports Docket's metrics and the storage spans");

        await stop.CancelAsync();
        collector.Stop();
        await collecting;
    }
}
