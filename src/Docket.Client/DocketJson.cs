using System.Text.Json;
using System.Text.Json.Serialization;

namespace Docket.Client;

/// <summary>The API's JSON: camelCase; absent optional fields are not sent.</summary>
public static class DocketJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
