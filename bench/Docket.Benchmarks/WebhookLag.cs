using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Docket.Contracts;
using Docket.LocalHost.Azurite;

namespace Docket.Benchmarks;

/// <summary>
/// How long after a change commits its event reaches a webhook: a receiver in this process (HttpListener on
/// loopback) records when each event id first arrives; the lag is that moment less the event's timestamp (when its
/// change committed, by the host's clock, which is this machine's).
/// </summary>
public sealed class WebhookLag : IAsyncDisposable
{
    readonly HttpListener listener = new();
    readonly ConcurrentDictionary<string, TimeSpan> firstLag = new();
    int calls;
    readonly Task loop;

    public WebhookLag()
    {
        Url = $"http://127.0.0.1:{AzuriteProcess.FreePort()}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ListenAsync);
    }

    public string Url { get; }
    public int Events => firstLag.Count;
    public int Calls => calls;

    public Task<Webhook> SubscribeAsync(BenchHost host, string projectId, params string[] events) =>
        host.Admin.CreateWebhookAsync(projectId, new CreateWebhookRequest(Url, events, "benchmark"));

    /// <summary>Waits until <paramref name="expected"/> distinct events arrived (or the time is up).</summary>
    public async Task<bool> WaitForAsync(int expected, TimeSpan within)
    {
        var stopwatch = Stopwatch.StartNew();
        while (firstLag.Count < expected && stopwatch.Elapsed < within) await Task.Delay(100);
        return firstLag.Count >= expected;
    }

    public Latencies Lags()
    {
        var lags = new Latencies();
        foreach (var lag in firstLag.Values) lags.Add(lag);
        return lags;
    }

    async Task ListenAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    /// <summary>Each call on its own, so a slow or broken one holds up no other.</summary>
    async Task AnswerAsync(HttpListenerContext context)
    {
        var arrived = DateTimeOffset.UtcNow;
        try
        {
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
                var committed = body["timestamp"]!.GetValue<DateTimeOffset>();
                firstLag.TryAdd(body["id"]!.GetValue<string>(), arrived - committed);
            }
            Interlocked.Increment(ref calls);
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
        catch (Exception exception) when (exception is IOException or HttpListenerException
                                              or ObjectDisposedException)
        {
            // The sender gave up on this call: it is not received.
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
