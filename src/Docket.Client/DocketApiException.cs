using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Docket.Client;

/// <summary>
/// Every error answer of the Docket API (application/problem+json): the status, the title and detail, and for
/// invalid input every problem found.
/// </summary>
public sealed class DocketApiException : Exception
{
    public DocketApiException(HttpStatusCode status, string title, string? detail,
        IReadOnlyList<FieldError> errors,
        TimeSpan? retryAfter = null, string? type = null)
        : base(Describe(status, title, detail, errors))
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors;
        RetryAfter = retryAfter;
        Type = type;
    }

    public HttpStatusCode Status { get; }
    public string Title { get; }
    public string? Detail { get; }
    public IReadOnlyList<FieldError> Errors { get; }
    /// <summary>
    /// How many problems there were in all; a server that lists only the first ones says so (items files), otherwise
    /// the count of <see cref="Errors"/>.
    /// </summary>
    public int ErrorCount { get; init; }

    /// <summary>How long the server asked to wait (503 and 429 answers).</summary>
    public TimeSpan? RetryAfter { get; }
    public string? Type { get; }

    /// <summary>Which kind of problem (<see cref="ProblemCodes"/>): what a program should act on.</summary>
    public string? Code { get; init; }

    /// <summary>
    /// Reads the problem from an error answer; a body that is not problem+json still gives a useful error.
    /// </summary>
    public static async Task<DocketApiException> FromResponseAsync(HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var title = response.ReasonPhrase ?? response.StatusCode.ToString();
        string? detail = null, type = null, code = null;
        var errors = new List<FieldError>();
        int? errorCount = null;
        try
        {
            if (text.Length > 0)
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    title = Text(root, "title") ?? title;
                    detail = Text(root, "detail");
                    type = Text(root, "type");
                    code = Text(root, "code");
                    if (root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
                        errors.AddRange(list.Deserialize<List<FieldError>>(DocketJson.Options) ?? []);
                    if (root.TryGetProperty("errorCount", out var count) && count.ValueKind == JsonValueKind.Number
                        && count.TryGetInt32(out var total))
                        errorCount = total;
                }
            }
        }
        catch (JsonException)
        {
            detail = text.Length > 500 ? text[..500] : text;
        }
        if (detail is null && text.Length > 0 && !text.TrimStart().StartsWith('{'))
            detail = text.Length > 500 ? text[..500] : text;
        return new DocketApiException(response.StatusCode, title, detail, errors,
            RetryAfterOf(response.Headers.RetryAfter), type)
        { ErrorCount = errorCount ?? errors.Count, Code = code };
    }

    static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static string Describe(HttpStatusCode status, string title, string? detail, IReadOnlyList<FieldError> errors)
    {
        var message = $"{(int)status} {title}" + (detail is null ? "" : $": {detail}");
        foreach (var error in errors.Take(10))
        {
            var entry = error.Index is null ? "" : $"[{error.Index}] ";
            var name = error.Name is null ? "" : $"{error.Name}: ";
            message += $"\n  {entry}{name}{error.Field} {error.Message}";
        }
        if (errors.Count > 10) message += $"\n  … and {errors.Count - 10} more";
        return message;
    }
}
