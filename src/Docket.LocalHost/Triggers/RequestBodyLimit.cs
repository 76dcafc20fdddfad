using Microsoft.AspNetCore.Http;

namespace Docket.LocalHost.Triggers;

/// <summary>
/// The Functions host's limit on request bodies (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, 100 MB by default): a body
/// declared larger is refused before any function runs; a chunked body that grows past it fails when read
/// (Kestrel's limit is set to the same), which <see cref="HttpTriggerRoutes"/> answers alike.
/// </summary>
public static class RequestBodyLimit
{
    public static Func<HttpContext, RequestDelegate, Task> Middleware(long limit) => (context, next) =>
        context.Request.ContentLength > limit ? TooLarge(limit).ExecuteAsync(context) : next(context);

    public static IResult TooLarge(long limit) => Results.Problem(
        title: "Request body too large",
        detail: $"The request body is larger than the {limit:N0} bytes this host accepts.",
        statusCode: StatusCodes.Status413PayloadTooLarge);
}
