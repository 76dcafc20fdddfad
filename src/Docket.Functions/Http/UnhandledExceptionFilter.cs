using Docket.Functions.Hosting;
using Microsoft.Extensions.Logging;

namespace Docket.Functions.Http;

/// <summary>
/// The last word on an exception no other filter recognised: logged with the function's name, answered as a 500
/// problem+json with nothing of the exception in it, the same in both hosts.
/// </summary>
public sealed class UnhandledExceptionFilter(ILogger<UnhandledExceptionFilter> logger) : IHttpFunctionFilter
{
    public ValueTask<IResult?> BeforeFunctionAsync(HttpFunctionCall call, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IResult?>(null);

    public IResult? OnException(HttpFunctionCall call, Exception exception)
    {
        if (exception is OperationCanceledException && call.HttpContext.RequestAborted.IsCancellationRequested)
            return null;
        if (exception is BadHttpRequestException badRequest)
            return badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Problems.PayloadTooLarge("The body is larger than this host accepts.")
                : Problems.Validation("$", badRequest.Message);
        logger.FunctionFailed(exception, call.FunctionName, call.HttpContext.Request.Method,
            call.HttpContext.Request.Path);
        return Problems.InternalError();
    }
}
