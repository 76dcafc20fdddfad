using System.Net;

namespace Docket.Functions.Tests.Infrastructure;

/// <summary>
/// Honours a 503's Retry-After for every request, as <see cref="ApiClient"/> does: under the whole suite's load
/// storage answers 503 now and then, and a behaviour test is about the behaviour. Tests of the 503 itself, and of the
/// client's own retry rules, go without it.
/// </summary>
public sealed class RetryUnavailableHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(90);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var giveUpAt = DateTimeOffset.UtcNow + RetryFor;
        while (true)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTimeOffset.UtcNow > giveUpAt)
                return response;
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }
    }
}
