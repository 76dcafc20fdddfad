namespace Docket.Contracts;

/// <summary>
/// The JSON Schema of a property whose C# type cannot say it (a field that takes a string or a list, free-form JSON
/// of a known shape); the OpenAPI document uses it in place of the schema derived from the type.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OpenApiSchemaAttribute(string json) : Attribute
{
    public string Json => json;
}
