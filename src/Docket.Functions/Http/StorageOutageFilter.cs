using Docket.Application.Configuration;
using Docket.Contracts;
using Docket.Application.Ports;
using Docket.Application.Telemetry;
using Docket.Functions.Hosting;
using Microsoft.Extensions.Logging;

namespace Docket.Functions.Http;

/// <summary>
/// Storage that is down or throttling is not the caller's fault and not a bug: answer 503 with Retry-After so
/// clients back off and try again.
/// </summary>
public sealed class StorageOutageFilter(IStorageFaults faults, DocketMetrics metrics, TimeProvider clock,
    ILogger<StorageOutageFilter> logger) : IHttpFunctionFilter
{
    const int RetryAfterSeconds = 5;

    public ValueTask<IResult?> BeforeFunctionAsync(HttpFunctionCall call, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IResult?>(null);

    public IResult? OnException(HttpFunctionCall call, Exception exception)
    {
        if (!IsOutage(exception, call.HttpContext.RequestAborted)) return null;
        if (RequestDeadline.Value <= clock.GetUtcNow()) metrics.BudgetExhausted(call.FunctionName);
        logger.StorageUnavailable(call.HttpContext.Request.Path, exception.Message);
        return Problems.ServiceUnavailable("Storage is unavailable or throttling; try again shortly.",
            ProblemCodes.StorageUnavailable, RetryAfterSeconds);
    }

    // A bad request body (e.g. over Kestrel's limit) is an IOException too, but the request's fault, not storage's.
    bool IsOutage(Exception exception, CancellationToken requestAborted) =>
        exception is not BadHttpRequestException && faults.IsTransient(exception, requestAborted);
}
