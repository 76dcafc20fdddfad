namespace Docket.Functions.OpenApi;

/// <summary>
/// How the OpenAPI document describes an HTTP function: its group, what it does, the contract type of its request
/// body, and the error answers it gives beyond those its declarations imply (see
/// <see cref="OpenApiDocumentBuilder"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OperationAttribute(string tag, string summary) : Attribute
{
    public string Tag => tag;
    public string Summary => summary;

    /// <summary>The request body's contract type; null when the route takes none.</summary>
    public Type? Body { get; init; }

    /// <summary>Whether the body may be left out (every field of it is optional).</summary>
    public bool BodyOptional { get; init; }

    /// <summary>
    /// Error statuses the function answers itself (409 for a wrong state, 403 for someone else's task).
    /// </summary>
    public int[] Refuses { get; init; } = [];
}

/// <summary>
/// A successful answer of an HTTP function: its status, what it means, its body and a header it carries.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class AnswersAttribute(int status, string description) : Attribute
{
    public int Status => status;
    public string Description => description;

    /// <summary>The body's contract type (a list for arrays); null when the answer has no body.</summary>
    public Type? Body { get; init; }

    /// <summary>A header the answer always carries (e.g. Location), described in <see cref="HeaderDescription"/>.
    /// </summary>
    public string? Header { get; init; }

    public string? HeaderDescription { get; init; }
}

/// <summary>A query parameter of an HTTP function; <see cref="Schema"/> is its JSON Schema (a string by default).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryParameterAttribute(string name, string description) : Attribute
{
    public string Name => name;
    public string Description => description;
    public string Schema { get; init; } = """{"type":"string"}""";
    public bool Required { get; init; }
}
