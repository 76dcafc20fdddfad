using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Docket.Functions.Tests.Client;

/// <summary>
/// Stands between the client and the host: answers the first requests it is told to with 503 and Retry-After (as
/// Docket does when storage is down), or drops them as a lost connection would, then lets requests through.
/// </summary>
public sealed class FaultInjector(int faults, TimeSpan retryAfter, bool dropConnection = false) : DelegatingHandler
{
    int remaining = faults;
    int attempts;

    /// <summary>Requests that reached this handler, failed or not.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref attempts);
        if (Interlocked.Decrement(ref remaining) < 0) return base.SendAsync(request, cancellationToken);
        if (dropConnection) throw new HttpRequestException("The connection was reset (injected).");
        var problem = """
            {"type":"urn:docket:problem:storage-unavailable","code":"storage-unavailable","title":"Service unavailable","status":503,"detail":"injected"}
            """;
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            RequestMessage = request,
            Content = new StringContent(problem, Encoding.UTF8, "application/problem+json"),
        };
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        return Task.FromResult(response);
    }
}
