using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Docket.Functions.OpenApi;
using Docket.Functions.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Docket.Functions.Tests.OpenApi;

public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task The_document_parses_as_OpenAPI_3_1_with_no_errors_or_warnings()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(OpenApiFunction.Text));
        var read = await OpenApiDocument.LoadAsync(stream, "json", new OpenApiReaderSettings());

        Assert.Empty(read.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Empty(read.Diagnostic.Warnings.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        Assert.Empty(read.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e
            => $"{e.Pointer}: {e.Message}"));
    }

    /// <summary>
    /// The committed document is what the code generates; after changing a contract or a function's declarations,
    /// regenerate it with <c>DOCKET_UPDATE_OPENAPI=1 dotnet test --filter The_committed_document</c>, review the
    /// difference and commit it.
    /// </summary>
    [Fact]
    public void The_committed_document_is_the_one_the_code_generates()
    {
        var generated = OpenApiDocumentBuilder.Build();
        if (Environment.GetEnvironmentVariable("DOCKET_UPDATE_OPENAPI") == "1")
        {
            File.WriteAllText(Path.Combine(TestStorage.RepositoryRoot, "src", "Docket.Functions", "OpenApi",
                "openapi.json"), generated);
            return;
        }
        var committed = OpenApiFunction.Text.Split('\n');
        var expected = generated.Split('\n');
        var first = Enumerable.Range(0, Math.Max(committed.Length, expected.Length))
            .FirstOrDefault(i => i >= committed.Length || i >= expected.Length || committed[i] != expected[i], -1);
        Assert.True(first < 0, first < 0 ? "" :
            $"openapi.json differs from the generated document at line {first + 1}:\n" +
            $"  committed: {(first < committed.Length ? committed[first] : "(end)")}\n" +
            $"  generated: {(first < expected.Length ? expected[first] : "(end)")}\n" +
            "Regenerate it with DOCKET_UPDATE_OPENAPI=1 dotnet test --filter The_committed_document, and commit it.");
    }

    [Fact]
    public void Every_http_function_is_an_operation_named_after_it_and_every_operation_is_a_function()
    {
        var functions = typeof(DocketServiceCollectionExtensions).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods())
            .Select(method => (Function: method.GetCustomAttribute<FunctionAttribute>(),
                Trigger: method.GetParameters().Select(p
                    => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .SelectMany(f => f.Trigger!.Methods!.Select(m
                => $"{m.ToUpperInvariant()} /{f.Trigger.Route} {f.Function!.Name}"))
            .Order()
            .ToList();
        var operations = ApiDescription.Instance.Root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method =>
                $"{method.Name.ToUpperInvariant()} {path.Name} {method.Value.GetProperty("operationId").GetString()}"))
            .Order()
            .ToList();

        Assert.NotEmpty(functions);
        Assert.Equal(functions, operations);
    }

    [Fact]
    public void Every_example_matches_its_schema()
    {
        var description = ApiDescription.Instance;
        var examples = new List<(string Pointer, JsonElement Example)>();
        Collect(description.Root, "", examples);

        Assert.True(examples.Count >= 20, $"only {examples.Count} examples");
        Assert.All(examples, example =>
        {
            var problems = description.Validate(example.Pointer, example.Example);
            Assert.True(problems is null, $"The example at {example.Pointer} does not match: {problems}");
        });
    }

    [Fact]
    public async Task The_document_is_served_to_anyone_at_api_openapi_json()
    {
        var scenario = await Scenario.StartAsync();

        using var response = await scenario.Anonymous.GetAsync("api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(OpenApiFunction.Text, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void An_answer_the_document_does_not_describe_is_refused_with_the_reason()
    {
        var description = ApiDescription.Instance;
        const string me = """{"email":"lena@example.com","orgRole":"Member","projects":[]}""";

        Assert.Null(description.Check("GET", "/me", 200, "application/json; charset=utf-8", [], me));
        Assert.Contains("status 418 is not documented",
            description.Check("GET", "/me", 418, "application/json", [], me));
        Assert.Contains("orgRole",
            description.Check("GET", "/me", 200, "application/json", [],
                """{"email":"lena@example.com","projects":[]}"""));
        Assert.Contains("does not match its schema",
            description.Check("GET", "/me", 200, "application/json", [],
                """{"email":"lena@example.com","orgRole":"Member","projects":[],"extra":1}"""));
        Assert.Contains("Retry-After",
            description.Check("GET", "/me", 503, "application/problem+json", [],
                """{"type":"t","title":"Service unavailable","status":503,"detail":"d"}"""));
        Assert.Contains("no operation", description.Check("GET", "/nowhere", 200, "application/json", [], "{}"));
    }

    /// <summary>Every example of a media type or a schema, with the pointer of the schema it illustrates.</summary>
    static void Collect(JsonElement element, string pointer, List<(string Pointer, JsonElement Example)> examples)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("schema", out _) && element.TryGetProperty("example", out var example))
                examples.Add(($"{pointer}/schema", example));
            if (element.TryGetProperty("examples", out var schemaExamples)
                && schemaExamples.ValueKind == JsonValueKind.Array)
                examples.AddRange(schemaExamples.EnumerateArray().Select(e => (pointer, e)));
            foreach (var property in element.EnumerateObject())
                Collect(property.Value, $"{pointer}/{ApiDescription.Escape(property.Name)}", examples);
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray()) Collect(item, $"{pointer}/{index++}", examples);
        }
    }
}
