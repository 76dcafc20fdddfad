using Microsoft.AspNetCore.Http;

namespace Docket.Functions.Hosting;

/// <summary>
/// Runs around every HTTP-triggered function, in the Functions worker (through
/// <see cref="HttpFunctionFilterMiddleware"/>) and in the local host alike, so rules such as authentication and
/// the mapping of storage outages to 503 live in one place and no function can forget them.
/// </summary>
public interface IHttpFunctionFilter
{
    /// <returns>A result to answer with instead of running the function, or null to run it.</returns>
    ValueTask<IResult?> BeforeFunctionAsync(HttpContext httpContext, string functionName, CancellationToken cancellationToken);

    /// <returns>The answer for an exception the function threw, or null to let it fail (500).</returns>
    IResult? OnException(HttpContext httpContext, Exception exception);
}
