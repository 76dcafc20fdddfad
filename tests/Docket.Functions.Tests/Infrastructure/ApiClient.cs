using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Client;
using Docket.Functions.Tests.OpenApi;

namespace Docket.Functions.Tests.Infrastructure;

/// <summary>
/// Talks to Docket over real HTTP as one caller (or none). Like any well-behaved client, it honours a 503's
/// Retry-After and tries again (storage under load answers so); tests of the 503 itself use
/// <see cref="WithoutRetries"/>.
/// </summary>
public sealed class ApiClient(HttpClient http, string? key, bool retryUnavailable = true)
{
    static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(90);

    public string? Key => key;

    DocketClient? docket;

    /// <summary>
    /// The same caller through Docket.Client: the contract's types instead of routes and JSON paths (a 503 is
    /// waited out as here; every answer is checked against the OpenAPI document).
    /// </summary>
    public DocketClient Docket => docket ??= DocketClient.Create(
        new DocketClientOptions
        {
            BaseAddress = http.BaseAddress,
            ApiKey = key,
            RetryDelay = TimeSpan.FromMilliseconds(50),
        },
        new RetryUnavailableHandler(new OpenApiConformanceHandler(new SocketsHttpHandler())));

    public ApiClient As(string? otherKey) => new(http, otherKey, retryUnavailable);

    /// <summary>The same caller, seeing every 503 as it comes.</summary>
    public ApiClient WithoutRetries() => new(http, key, retryUnavailable: false);

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);
    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        SendAsync(HttpMethod.Post, path, body);
    public Task<HttpResponseMessage> PutAsync(string path, object? body = null) =>
        SendAsync(HttpMethod.Put, path, body);
    public Task<HttpResponseMessage> PatchAsync(string path, object? body = null) =>
        SendAsync(HttpMethod.Patch, path, body);
    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var giveUpAt = DateTimeOffset.UtcNow + RetryFor;
        while (true)
        {
            var response = await SendOnceAsync(method, path, body);
            if (!retryUnavailable || response.StatusCode != HttpStatusCode.ServiceUnavailable
                || DateTimeOffset.UtcNow > giveUpAt)
                return response;
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Content = body switch
        {
            null => null,
            string raw => new StringContent(raw, Encoding.UTF8, "application/json"),
            byte[] bytes => new ByteArrayContent(bytes)
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") }
            },
            _ => new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        return await http.SendAsync(request);
    }

    /// <summary>Sends and insists on the expected status, returning the JSON body (null when empty).</summary>
    public async Task<JsonNode?> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path,
        object? body = null)
    {
        using var response = await SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new Xunit.Sdk.XunitException(
                $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}

public static class HttpResponseJson
{
    public static async Task<JsonNode?> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
