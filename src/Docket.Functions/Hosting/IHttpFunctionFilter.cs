using Microsoft.AspNetCore.Http;

namespace Docket.Functions.Hosting;

/// <summary>
/// Runs before every HTTP-triggered function, in the Functions worker (through
/// <see cref="HttpFunctionFilterMiddleware"/>) and in the local host alike, so a rule such as authentication
/// lives in one place and no function can forget it.
/// </summary>
public interface IHttpFunctionFilter
{
    /// <returns>A result to answer with instead of running the function, or null to run it.</returns>
    ValueTask<IResult?> BeforeFunctionAsync(HttpContext httpContext, string functionName, CancellationToken cancellationToken);
}
