using Docket.Domain.Identity;
using Docket.Functions.Hosting;

namespace Docket.Functions.Identity;

/// <summary>
/// Authenticates every HTTP function except those declared <see cref="AnonymousAttribute"/>, and puts the caller
/// on the request for the function to read.
/// </summary>
public sealed class AuthenticationFilter(CallerAuthenticator authenticator,
    HttpFunctionDeclarations declarations) : IHttpFunctionFilter
{
    const string CallerItem = "Docket.Caller";

    public async ValueTask<IResult?> BeforeFunctionAsync(HttpFunctionCall call, CancellationToken cancellationToken)
    {
        if (declarations.Of<AnonymousAttribute>(call.FunctionName) is not null) return null;
        var outcome = await authenticator.AuthenticateAsync(call.HttpContext.Request, cancellationToken);
        if (outcome.Caller is null) return Problems.Unauthorized(outcome.Failure!);
        call.HttpContext.Items[CallerItem] = outcome.Caller;
        return null;
    }

    public IResult? OnException(HttpFunctionCall call, Exception exception) => null;

    /// <summary>The authenticated caller; only anonymous functions run without one.</summary>
    public static Caller CallerOf(HttpRequest request) =>
        request.HttpContext.Items[CallerItem] as Caller
        ?? throw new InvalidOperationException("No authenticated caller: is this function declared [Anonymous]?");
}
