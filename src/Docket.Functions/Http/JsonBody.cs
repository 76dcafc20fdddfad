using System.Text.Json;
using Docket.Domain.Validation;

namespace Docket.Functions.Http;

/// <summary>Reads a request body as JSON; malformed JSON becomes a 400 that says where.</summary>
public static class JsonBody
{
    public const int DefaultMaxBytes = 1024 * 1024;

    public sealed record Read(JsonElement Root, IResult? Problem);

    static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static async Task<Read> ReadAsync(HttpRequest request, int maxBytes = DefaultMaxBytes,
        bool allowEmpty = false, CancellationToken cancellationToken = default)
    {
        var tooLarge = Problems.PayloadTooLarge($"The body is larger than {maxBytes} bytes.");
        if (request.ContentLength > maxBytes) return Fail(tooLarge);
        // Read at most one byte past the limit: a chunked body with no Content-Length is never read whole.
        var bytes = await ReadUpToAsync(request.Body, maxBytes + 1, cancellationToken);
        if (bytes.Length > maxBytes) return Fail(tooLarge);
        if (bytes.Length == 0)
            return allowEmpty ? new Read(EmptyObject, null) : Fail(Problems.Validation("$", "a JSON body is required"));
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (JsonUnicode.FirstInvalidString(document.RootElement) is { } field)
                return Fail(Problems.Validation(field, JsonUnicode.LoneSurrogateMessage));
            return new Read(document.RootElement.Clone(), null);
        }
        catch (JsonException exception)
        {
            return Fail(Problems.Validation("$", Describe(exception)));
        }
    }

    /// <summary>
    /// Reads a body that must be a JSON object, with its fields ready to check. With a problem, the fields are those
    /// of an empty object, so callers check the problem first and never need the fields to be null.
    /// </summary>
    public static async Task<(FieldReader Fields, IResult? Problem)> ReadObjectAsync(HttpRequest request,
        bool allowEmpty = false, CancellationToken cancellationToken = default)
    {
        var read = await ReadAsync(request, allowEmpty: allowEmpty, cancellationToken: cancellationToken);
        if (read.Problem is not null) return (new FieldReader(EmptyObject), read.Problem);
        if (read.Root.ValueKind != JsonValueKind.Object)
            return (new FieldReader(EmptyObject), Problems.Validation("$", "the body must be a JSON object"));
        return (new FieldReader(read.Root), null);
    }

    /// <summary>Up to <paramref name="limit"/> bytes of a stream; fewer only when the stream ends first.</summary>
    public static async Task<byte[]> ReadUpToAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (buffer.Length < limit)
        {
            var read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)),
                cancellationToken);
            if (read == 0) break;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static string Describe(JsonException exception) =>
        $"malformed JSON at line {(exception.LineNumber ?? 0) + 1}, position {(exception.BytePositionInLine ?? 0) + 1}";

    static Read Fail(IResult problem) => new(default, problem);
}

/// <summary>Checks the fields of a JSON object one by one, collecting every problem rather than the first.</summary>
public sealed class FieldReader(JsonElement body)
{
    public List<ValidationError> Errors { get; } = [];
    public bool IsValid => Errors.Count == 0;
    public JsonElement Body => body;

    public bool Has(string field) =>
        body.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Undefined;

    public void Fail(string field, string message) => Errors.Add(new ValidationError(field, message));

    public string? String(string field, bool required = false, int maxLength = 1000)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Fail(field, "is required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(field, "must be a string");
            return null;
        }
        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text)) Fail(field, "must not be empty");
        else if (text.Length > maxLength) Fail(field, $"must be at most {maxLength} characters");
        else if (TextRules.Problem(text) is { } problem) Fail(field, problem);
        return text;
    }

    public int? Int(string field, int min, int max, bool required = false)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Fail(field, "is required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Fail(field, "must be a whole number");
            return null;
        }
        if (number < min || number > max)
        {
            Fail(field, $"must be between {min} and {max}");
            return null;
        }
        return number;
    }

    /// <summary>An enum given by one of its exact names (numbers are not accepted).</summary>
    public T? Enum<T>(string field, bool required = false) where T : struct, System.Enum
    {
        var text = String(field, required);
        if (text is null) return null;
        var match = System.Enum.GetNames<T>().FirstOrDefault(n => n == text);
        if (match is null)
        {
            Fail(field, "must be one of " + string.Join(", ", System.Enum.GetNames<T>().Select(n => $"\"{n}\"")));
            return null;
        }
        return System.Enum.Parse<T>(match);
    }

    public bool? Bool(string field)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Fail(field, "must be true or false");
        return null;
    }

    public IReadOnlyList<string>? StringList(string field, int maxCount = 1000)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(field, "must be a list of strings");
            return null;
        }
        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) Fail($"{field}[{index}]", "must be a string");
            else if (TextRules.Problem(item.GetString()!) is { } problem) Fail($"{field}[{index}]", problem);
            else items.Add(item.GetString()!);
            index++;
        }
        if (items.Count > maxCount) Fail(field, $"must have at most {maxCount} entries");
        return items;
    }

    /// <summary>
    /// The raw JSON of a field, for fields with a shape of their own (lists of objects, numbers kept exact).
    /// </summary>
    public JsonElement? Raw(string field) =>
        body.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
