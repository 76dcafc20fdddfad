using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Webhooks;

/// <summary>A call a receiver got: its path, the Standard Webhooks headers and the body, as sent.</summary>
public sealed record ReceivedCall(string Path, string Id, string Timestamp, string Signature, string ContentType,
    string Body, int Answered);

/// <summary>
/// A real HTTP receiver in the test process (HttpListener on a free loopback port). Each path answers as its
/// policy says (200 when it has none), given how many times that path has seen the call's webhook-id.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly HttpListener listener = new();
    readonly ConcurrentQueue<ReceivedCall> calls = new();
    readonly ConcurrentDictionary<string, Func<int, int>> policies = new();
    readonly ConcurrentDictionary<(string Path, string Id), int> seen = new();
    readonly Task loop;

    public WebhookReceiver()
    {
        var port = AzuriteProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(BaseUrl + "/");
        listener.Start();
        loop = Task.Run(ListenAsync);
    }

    public string BaseUrl { get; }

    public string Url(string path) => $"{BaseUrl}/{path}";

    /// <param name="status">The status to answer, given the how-manieth time (1, 2, …) this id arrives.</param>
    public void Answer(string path, Func<int, int> status) => policies[path] = status;

    public IReadOnlyList<ReceivedCall> CallsTo(string path) =>
        calls.Where(c => c.Path == path).ToList();

    /// <summary>Waits (60 s or more on a loaded machine) until the calls to a path satisfy the condition.</summary>
    public async Task<IReadOnlyList<ReceivedCall>> WaitForAsync(string path,
        Func<IReadOnlyList<ReceivedCall>, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var received = CallsTo(path);
            if (done(received)) return received;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{path}: {what} did not arrive in time; got " +
                    string.Join(", ", received.Select(c => c.Id)));
            await Task.Delay(250);
        }
    }

    /// <summary>Takes each call as it comes and answers it on its own, so a slow or broken one holds up no other.
    /// </summary>
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

    async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Url!.AbsolutePath.Trim('/');
            var id = context.Request.Headers["webhook-id"] ?? "";
            var count = seen.AddOrUpdate((path, id), 1, (_, n) => n + 1);
            var status = policies.TryGetValue(path, out var policy) ? policy(count) : 200;
            calls.Enqueue(new ReceivedCall(path, id, context.Request.Headers["webhook-timestamp"] ?? "",
                context.Request.Headers["webhook-signature"] ?? "", context.Request.ContentType ?? "", body, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
        catch (Exception exception) when (exception is IOException or HttpListenerException
                                              or ObjectDisposedException)
        {
            // The sender gave up on this call (its time was up) or the receiver is closing: it is not received.
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
