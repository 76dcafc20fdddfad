using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Docket.Functions.OpenApi;
using Json.Pointer;
using Json.Schema;

namespace Docket.Functions.Tests.OpenApi;

/// <summary>
/// The committed OpenAPI document, read once, able to say whether an HTTP answer is one it documents: an operation
/// for the method and path, the status among its responses, the documented headers present, and the body valid
/// against the response's JSON Schema.
/// </summary>
public sealed class ApiDescription
{
    static readonly Uri DocumentUri = new("https://docket.test/openapi.json");
    static readonly Lazy<ApiDescription> Shared = new(() => new ApiDescription(OpenApiFunction.Text));

    readonly JsonElement root;
    readonly List<Operation> operations;
    readonly BuildOptions buildOptions;
    readonly ConcurrentDictionary<string, Lazy<JsonSchema>> schemas = new();
    int built;

    public ApiDescription(string document)
    {
        root = JsonDocument.Parse(document).RootElement.Clone();
        var registry = new SchemaRegistry();
        registry.Register(DocumentUri, new JsonElementBaseDocument(root, DocumentUri));
        buildOptions = new BuildOptions { SchemaRegistry = registry };
        operations = root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => new Operation(
                method.Name.ToUpperInvariant(), path.Name, Pattern(path.Name), LiteralSegments(path.Name),
                    method.Value)))
            .OrderByDescending(o => o.LiteralSegments)
            .ToList();
    }

    public static ApiDescription Instance => Shared.Value;

    public JsonElement Root => root;

    public sealed record Operation(string Method, string Template, Regex Path, int LiteralSegments,
        JsonElement Definition)
    {
        public string Pointer => $"/paths/{Escape(Template)}/{Method.ToLowerInvariant()}";
    }

    /// <summary>The documented operation that serves the method on the path (relative to /api), if any.</summary>
    public Operation? Find(string method, string path) =>
        operations.FirstOrDefault(o => o.Method == method && o.Path.IsMatch(path));

    /// <returns>What does not match the document, or null when the answer is documented exactly.</returns>
    public string? Check(string method, string path, int status, string? contentType,
        IReadOnlyCollection<string> headers, string body)
    {
        var what = $"{method} /api{path} answered {status}";
        var operation = Find(method, path);
        if (operation is null) return $"{what}: no operation in the OpenAPI document serves it.";
        if (!operation.Definition.GetProperty("responses").TryGetProperty(status.ToString(), out _))
            return $"{what}: status {status} is not documented for {method} {operation.Template}. Body: "
                + $"{Shorten(body)}";

        var responsePointer = Resolve($"{operation.Pointer}/responses/{status}");
        var response = At(responsePointer);
        if (response.TryGetProperty("headers", out var documentedHeaders))
        {
            foreach (var header in documentedHeaders.EnumerateObject())
                if (!headers.Contains(header.Name, StringComparer.OrdinalIgnoreCase))
                    return $"{what}: the documented header {header.Name} is missing.";
        }
        if (!response.TryGetProperty("content", out var content))
            return body.Length == 0 ? null : $"{what}: the document says no body, the answer has one: {Shorten(body)}";
        if (body.Length == 0) return $"{what}: the document gives a body, the answer has none.";

        var mediaType = contentType?.Split(';')[0].Trim() ?? "";
        if (!content.TryGetProperty(mediaType, out _))
        {
            var documented = string.Join(", ", content.EnumerateObject().Select(c => c.Name));
            return $"{what}: content type '{mediaType}' is not documented ({documented}).";
        }
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException exception)
        {
            return $"{what}: the body is not JSON ({exception.Message}): {Shorten(body)}";
        }
        var errors = Validate($"{responsePointer}/content/{Escape(mediaType)}/schema", instance);
        return errors is null ? null : $"{what}: the body does not match its schema: {errors}. Body: {Shorten(body)}";
    }

    /// <summary>Validates an instance against the schema at a JSON pointer into the document.</summary>
    /// <returns>The problems, or null when it is valid.</returns>
    public string? Validate(string schemaPointer, JsonElement instance)
    {
        // Each schema is built once, under a URI of its own: the registry refuses a URI twice.
        var schema = schemas.GetOrAdd(schemaPointer, pointer => new Lazy<JsonSchema>(() =>
            JsonSchema.FromText(
                JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["$ref"] = $"{DocumentUri}#{UriFragment(pointer)}",
                }),
                buildOptions, new Uri($"https://docket.test/checks/{Interlocked.Increment(ref built)}")))).Value;
        var result = schema.Evaluate(instance, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true
        });
        if (result.IsValid) return null;
        var problems = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({e.Key}): {e.Value}"))
            .Distinct()
            .Take(8);
        return string.Join("; ", problems);
    }

    /// <summary>The element at a JSON pointer into the document.</summary>
    public JsonElement At(string pointer) =>
        JsonPointer.Parse(pointer).Evaluate(root)
            ?? throw new KeyNotFoundException($"Nothing at {pointer} in the OpenAPI document.");

    /// <summary>Follows a $ref (to components) at the pointer, if there is one.</summary>
    string Resolve(string pointer)
    {
        var element = At(pointer);
        return element.TryGetProperty("$ref", out var target) ? target.GetString()!.TrimStart('#') : pointer;
    }

    /// <summary>
    /// A JSON pointer as a URI fragment: its segments percent-encoded ("+" would otherwise read as a space).
    /// </summary>
    static string UriFragment(string pointer) => string.Join('/', pointer.Split('/').Select(Uri.EscapeDataString));

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    static Regex Pattern(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant);

    static int LiteralSegments(string template) => template.Split('/').Count(s => s.Length > 0 && !s.StartsWith('{'));

    static string Shorten(string body) => body.Length <= 600 ? body : body[..600] + "…";
}
