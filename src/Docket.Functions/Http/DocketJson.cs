using System.Text.Json;
using System.Text.Json.Serialization;

namespace Docket.Functions.Http;

/// <summary>The API's JSON: camelCase, enums as their names, UTC ISO-8601 times.</summary>
public static class DocketJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
