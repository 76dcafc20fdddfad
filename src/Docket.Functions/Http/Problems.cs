using Docket.Contracts;
using Docket.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Docket.Functions.Http;

/// <summary>Every error the API answers, as application/problem+json (RFC 9457).</summary>
public static class Problems
{
    /// <param name="errorCount">
    /// When only the first problems are listed: how many there are in all (the problem's <c>errorCount</c>).
    /// </param>
    public static IResult Validation(IEnumerable<ValidationError> errors, string? detail = null, int? errorCount = null)
    {
        var list = errors.Select(e =>
        {
            var item = new Dictionary<string, object?>();
            if (e.Index is not null) item["index"] = e.Index;
            if (e.Name is not null) item["name"] = e.Name;
            item["field"] = e.Field;
            item["message"] = e.Message;
            return item;
        }).ToList();
        var extensions = new Dictionary<string, object?> { ["errors"] = list };
        if (errorCount is not null) extensions["errorCount"] = errorCount;
        return Problem(StatusCodes.Status400BadRequest, ProblemCodes.Validation, "The request is invalid",
            detail ?? $"{list.Count} problem{(list.Count == 1 ? "" : "s")} found; nothing was changed.", extensions);
    }

    public static IResult Validation(string field, string message) => Validation([new ValidationError(field, message)]);

    public static IResult Unauthorized(string detail) =>
        new WithHeader(Problem(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthenticated,
                "Authentication required", detail),
            "WWW-Authenticate", "Bearer");

    public static IResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "Not allowed", detail);

    public static IResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", detail);

    /// <param name="code">Which kind of conflict (<see cref="ProblemCodes"/>).</param>
    /// <param name="extensions">What the caller needs to act on the conflict (e.g. the id of the work running).
    /// </param>
    public static IResult Conflict(string detail, string code = ProblemCodes.Conflict,
        IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status409Conflict, code, "Conflict", detail, extensions);

    public static IResult PayloadTooLarge(string detail) =>
        Problem(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, "Request body too large", detail);

    public static IResult UnsupportedMediaType(string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType, "Unsupported media type",
            detail);

    /// <param name="code"><see cref="ProblemCodes.StorageUnavailable"/> or <see cref="ProblemCodes.TaskBusy"/>.
    /// </param>
    public static IResult ServiceUnavailable(string detail, string code, int retryAfterSeconds) =>
        new WithHeader(Problem(StatusCodes.Status503ServiceUnavailable, code, "Service unavailable", detail),
            "Retry-After", retryAfterSeconds.ToString());

    public static IResult InternalError() =>
        Problem(StatusCodes.Status500InternalServerError, ProblemCodes.InternalError, "Internal error",
            "Something went wrong on our side; it has been logged.");

    static IResult Problem(int status, string code, string title, string detail,
        IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Type = ProblemCodes.TypeOf(code),
            Title = title,
            Status = status,
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
            problem.Extensions[key] = value;
        return Results.Problem(problem);
    }

    sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
