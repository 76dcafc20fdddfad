using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Docket.Benchmarks;

/// <summary>Calls Docket over real HTTP with one API key, as a client application would.</summary>
public sealed class DocketClient(HttpClient http, string key)
{
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Content = body switch
        {
            null => null,
            string json => new StringContent(json, Encoding.UTF8, "application/json"),
            byte[] bytes => new ByteArrayContent(bytes)
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") }
            },
            _ => new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Sends and insists on the expected status: a benchmark that counts failures as work would lie.</summary>
    public async Task<JsonNode?> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path,
        object? body = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(method, path, body, cancellationToken);
        return await ReadAsync(response, expected, $"{method} {path}");
    }

    public static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new InvalidOperationException(
                $"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {Shorten(text)}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + " …";
}
