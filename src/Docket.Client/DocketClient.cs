using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using Docket.Client.Http;
using Microsoft.Extensions.Http.Resilience;

namespace Docket.Client;

/// <summary>
/// The Docket API, one method per route. Build it from an <c>IHttpClientFactory</c> (<c>AddDocketClient</c>), with
/// <c>Create</c>, or over any HttpClient whose BaseAddress is the site root and that sends the API key.
/// Every error answer becomes a <see cref="DocketApiException"/>.
/// </summary>
public sealed partial class DocketClient : IDisposable
{
    /// <summary>The most tasks one bulk call takes.</summary>
    public const int MaxTasksPerCall = 1000;

    readonly HttpClient http;
    readonly bool ownsHttpClient;

    public DocketClient(HttpClient httpClient) : this(httpClient, ownsHttpClient: false)
    {
    }

    DocketClient(HttpClient httpClient, bool ownsHttpClient)
    {
        http = httpClient;
        this.ownsHttpClient = ownsHttpClient;
    }

    /// <summary>How often a large upload's progress is asked for.</summary>
    public TimeSpan UploadPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A client with its own HttpClient and Docket's retry pipeline, for programs without dependency injection.
    /// </summary>
    /// <param name="options">Where to call, as whom, how patiently.</param>
    /// <param name="innerHandler">What sends the requests (a SocketsHttpHandler by default).</param>
    public static DocketClient Create(DocketClientOptions options, HttpMessageHandler? innerHandler = null)
    {
        var handler = new ResilienceHandler(DocketResilience.CreatePipeline(options))
        {
            InnerHandler = innerHandler
                ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) },
        };
        var httpClient = new HttpClient(handler);
        DocketResilience.Configure(httpClient, options);
        return new DocketClient(httpClient, ownsHttpClient: true);
    }

    public static DocketClient Create(Uri baseAddress, string apiKey) =>
        Create(new DocketClientOptions { BaseAddress = baseAddress, ApiKey = apiKey });

    public void Dispose()
    {
        if (ownsHttpClient) http.Dispose();
    }

    enum Retry
    {
        /// <summary>Repeating the request cannot do anything twice.</summary>
        Safe,
        /// <summary>Repeating the request could act twice: never retried.</summary>
        Never,
    }

    async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, Retry retry,
        CancellationToken cancellationToken)
    {
        using var response = await SendAsync(Request(method, path, body, retry), cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    async Task SendAsync(HttpMethod method, string path, object? body, Retry retry, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(Request(method, path, body, retry), cancellationToken);
    }

    /// <returns>
    /// The response of a successful call (2xx); any other answer is thrown as a <see cref="DocketApiException"/>.
    /// </returns>
    async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // One span per call, around its retries; HttpClient instrumentation adds a span per attempt beneath it.
        using var activity = DocketClientTelemetry.Source.StartActivity($"Docket {request.Method}",
            ActivityKind.Client);
        activity?.SetTag("url.path", request.RequestUri?.OriginalString);
        using (request)
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            if (response.IsSuccessStatusCode) return response;
            activity?.SetStatus(ActivityStatusCode.Error);
            using (response) throw await DocketApiException.FromResponseAsync(response, cancellationToken);
        }
    }

    /// <summary>Every item of a paged list, page after page, following each page's next cursor from
    /// <paramref name="cursor"/>.</summary>
    static async IAsyncEnumerable<TItem> WalkAsync<TPage, TItem>(string? cursor,
        Func<string?, CancellationToken, Task<TPage>> read, Func<TPage, (IEnumerable<TItem> Items, string? Next)> split,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        do
        {
            var (items, next) = split(await read(cursor, cancellationToken));
            foreach (var item in items) yield return item;
            cursor = next;
        } while (cursor is not null);
    }

    static HttpRequestMessage Request(HttpMethod method, string path, object? body, Retry retry)
    {
        var request = new HttpRequestMessage(method, path);
        request.Options.Set(DocketResilience.SafeToRetry, retry == Retry.Safe);
        if (body is HttpContent content) request.Content = content;
        else if (body is not null) request.Content = JsonContent.Create(body, body.GetType(),
            options: DocketJson.Options);
        return request;
    }

    static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NoContent) return default!;
        return await response.Content.ReadFromJsonAsync<T>(DocketJson.Options, cancellationToken)
               ?? throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered "
                   + $"{(int)response.StatusCode} with no body.");
    }

    /// <summary>"api/a/b/c" with every segment escaped.</summary>
    static string Route(params string[] segments) =>
        "api/" + string.Join('/', segments.Select(Uri.EscapeDataString));

    /// <summary>A query string of the values that are set ("" when none is).</summary>
    static string Query(params (string Name, string? Value)[] parameters)
    {
        var set = parameters.Where(p => p.Value is not null).ToList();
        if (set.Count == 0) return "";
        var query = new StringBuilder("?");
        query.AppendJoin('&', set.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.ToString();
    }
}
