using System.Net.Sockets;
using Azure;
using Docket.Functions.Hosting;
using Microsoft.Extensions.Logging;

namespace Docket.Functions.Http;

/// <summary>
/// Storage that is down or throttling is not the caller's fault and not a bug: answer 503 with Retry-After so
/// clients back off and try again.
/// </summary>
public sealed class StorageOutageFilter(ILogger<StorageOutageFilter> logger) : IHttpFunctionFilter
{
    const int RetryAfterSeconds = 5;

    public ValueTask<IResult?> BeforeFunctionAsync(HttpFunctionCall call, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IResult?>(null);

    public IResult? OnException(HttpFunctionCall call, Exception exception)
    {
        if (!IsOutage(exception, call.HttpContext.RequestAborted)) return null;
        logger.LogWarning("Storage unavailable for {Path}: {Reason}", call.HttpContext.Request.Path, exception.Message);
        return Problems.ServiceUnavailable("Storage is unavailable or throttling; try again shortly.",
            RetryAfterSeconds);
    }

    static bool IsOutage(Exception exception, CancellationToken requestAborted) => exception switch
    {
        BadHttpRequestException => false, // the request itself (e.g. a body over Kestrel's limit), not storage
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504,
        HttpRequestException or SocketException or TimeoutException or IOException => true,
        OperationCanceledException => !requestAborted.IsCancellationRequested,
        AggregateException aggregate => aggregate.InnerExceptions.Any(e => IsOutage(e, requestAborted)),
        _ => exception.InnerException is not null && IsOutage(exception.InnerException, requestAborted),
    };
}
