using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Docket.Contracts;

/// <summary>
/// One entry of an items file (the body of <c>POST /api/projects/{projectId}/items</c> is a JSON array of them).
/// Unknown fields are ignored, so the type is open.
/// </summary>
[Description("One task of an items file; unknown fields are ignored.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record ItemsEntry(
    [property: Description("Unique in the project; the task id is derived from it."), Length(1, 500)] string Name)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [OpenApiSchema("""
        {"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},
        "items":{"anyOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}],
        "description":"One URL or a list of URLs."},"metaData":{"type":"object"}},"required":["items"]}}
        """)]
    public JsonElement? Series { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [OpenApiSchema("""{"anyOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]}""")]
    [Description("The legacy form of a single series.")]
    public JsonElement? Items { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? MetaData { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Range(0, 1)]
    [Description("1 is the highest; exact to the billionth.")]
    public decimal? Priority { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Stage name → the person who gets the task when it enters that stage.")]
    [OpenApiSchema("""
        {"type":"object","additionalProperties":{"anyOf":[{"type":"string","format":"email"},
        {"type":"array","items":{"type":"string","format":"email"},"minItems":1,"maxItems":1}]}}
        """)]
    public IReadOnlyDictionary<string, string>? PreAssign { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Any JSON the labeler's tool stores with the task.")]
    public JsonElement? Classification { get; init; }
}
