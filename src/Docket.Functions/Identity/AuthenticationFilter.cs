using Docket.Domain.Identity;
using Docket.Functions.Health;
using Docket.Functions.Hosting;
using Docket.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Docket.Functions.Identity;

/// <summary>
/// Authenticates every HTTP function except the explicit anonymous allow-list, and puts the caller on the
/// request for the function to read.
/// </summary>
public sealed class AuthenticationFilter(CallerAuthenticator authenticator) : IHttpFunctionFilter
{
    /// <summary>Functions anyone may call without a key.</summary>
    public static readonly IReadOnlySet<string> AnonymousFunctions = new HashSet<string>(StringComparer.Ordinal) { nameof(HealthFunction.Health), nameof(OpenApi.OpenApiFunction.OpenApiDocument) };

    const string CallerItem = "Docket.Caller";

    public async ValueTask<IResult?> BeforeFunctionAsync(HttpContext httpContext, string functionName, CancellationToken cancellationToken)
    {
        if (AnonymousFunctions.Contains(functionName)) return null;
        var outcome = await authenticator.AuthenticateAsync(httpContext.Request, cancellationToken);
        if (outcome.Caller is null) return Problems.Unauthorized(outcome.Failure!);
        httpContext.Items[CallerItem] = outcome.Caller;
        return null;
    }

    public IResult? OnException(HttpContext httpContext, Exception exception) => null;

    /// <summary>The authenticated caller; only anonymous functions run without one.</summary>
    public static Caller CallerOf(HttpRequest request) =>
        request.HttpContext.Items[CallerItem] as Caller
        ?? throw new InvalidOperationException("No authenticated caller: is this function in the anonymous allow-list?");
}
