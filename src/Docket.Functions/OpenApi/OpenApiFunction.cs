namespace Docket.Functions.OpenApi;

/// <summary>
/// Serves the API's OpenAPI 3.1 document (openapi.json beside this file, embedded in the assembly), anonymously, so
/// other languages can generate clients. Tests keep it true to the functions and to every answer they receive.
/// </summary>
public sealed class OpenApiFunction
{
    public const string ResourceName = "Docket.Functions.OpenApi.openapi.json";

    static readonly Lazy<string> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The document's text.</summary>
    public static string Text => Document.Value;

    [Operation("Identity", "This OpenAPI document.")]
    [Answers(200, "The OpenAPI 3.1 document of the API.", Body = typeof(System.Text.Json.Nodes.JsonObject))]
    [Function(nameof(OpenApiDocument))]
    [Anonymous]
    public IResult OpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        Results.Text(Text, "application/json; charset=utf-8");
}
