using System.Collections.Concurrent;
using Xunit.Sdk;

namespace Docket.Functions.Tests.OpenApi;

/// <summary>
/// Sits in the HTTP client of every end-to-end test and checks each answer against the OpenAPI document. A
/// mismatch fails the test that received the answer, inside its own call (so it is blamed on the right test
/// whatever runs in parallel), and is kept in <see cref="Mismatches"/> for the run.
/// </summary>
public sealed class OpenApiConformanceHandler : DelegatingHandler
{
    const string ApiPrefix = "/api";

    public OpenApiConformanceHandler(HttpMessageHandler innerHandler) : base(innerHandler)
    {
    }

    public OpenApiConformanceHandler()
    {
    }

    public static ConcurrentQueue<string> Mismatches { get; } = new();

    /// <summary>A client of a host that serves Docket's functions, whose answers are all checked.</summary>
    public static HttpClient CreateClient(Uri baseAddress) =>
        new(new OpenApiConformanceHandler(new SocketsHttpHandler()))
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60)
        };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var headers = response.Headers.Concat(response.Content.Headers).Select(h => h.Key).ToList();
        var mismatch = path.StartsWith(ApiPrefix, StringComparison.Ordinal)
            ? ApiDescription.Instance.Check(request.Method.Method, path[ApiPrefix.Length..], (int)response.StatusCode,
                response.Content.Headers.ContentType?.ToString(), headers, body)
            : $"{request.Method} {path} is outside /api.";
        if (mismatch is null) return response;
        Mismatches.Enqueue(mismatch);
        response.Dispose();
        throw new XunitException("The answer does not match the OpenAPI document "
            + "(src/Docket.Functions/OpenApi/openapi.json): " + mismatch);
    }
}
