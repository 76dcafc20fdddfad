namespace Docket.Functions.Hosting;

/// <summary>
/// Runs around every HTTP-triggered function, in the Functions worker (through
/// <see cref="HttpFunctionFilterMiddleware"/>) and in the local host alike (both through
/// <see cref="HttpFunctionPipeline"/>), so rules such as authentication, authorization and the mapping of storage
/// outages to 503 live in one place and no function can forget them.
/// </summary>
public interface IHttpFunctionFilter
{
    /// <returns>A result to answer with instead of running the function, or null to run it.</returns>
    ValueTask<IResult?> BeforeFunctionAsync(HttpFunctionCall call, CancellationToken cancellationToken);

    /// <returns>The answer for an exception the function (or a filter before it) threw, or null to pass it
    /// on.</returns>
    IResult? OnException(HttpFunctionCall call, Exception exception);
}
