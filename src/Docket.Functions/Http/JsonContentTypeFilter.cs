using Docket.Functions.Hosting;
using Microsoft.Net.Http.Headers;

namespace Docket.Functions.Http;

/// <summary>
/// A request that carries a body to a state-changing route must say it is JSON: otherwise 415. A browser sends a
/// cross-site form post as <c>text/plain</c> or a form type, so such a post (which a cookie from App Service
/// Authentication would authenticate) never reaches a function. A request without a body (<c>next</c>, a new key)
/// needs no Content-Type, but one that names a non-JSON type is refused all the same.
/// </summary>
public sealed class JsonContentTypeFilter : IHttpFunctionFilter
{
    public ValueTask<IResult?> BeforeFunctionAsync(HttpFunctionCall call, CancellationToken cancellationToken)
    {
        var request = call.HttpContext.Request;
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method)
            && !HttpMethods.IsPatch(request.Method))
            return ValueTask.FromResult<IResult?>(null);

        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            var hasBody = request.ContentLength > 0
                          || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
            return ValueTask.FromResult(hasBody ? Refuse("none") : null);
        }
        return ValueTask.FromResult(IsJson(contentType) ? null : Refuse(contentType));
    }

    public IResult? OnException(HttpFunctionCall call, Exception exception) => null;

    /// <summary><c>application/json</c> or a JSON-based type (<c>application/problem+json</c>), any parameters.</summary>
    public static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.HasValue
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
                && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)));

    static IResult Refuse(string contentType) =>
        Problems.UnsupportedMediaType(
            $"Send the body as JSON with 'Content-Type: application/json' (the request's Content-Type: {contentType}).");
}
