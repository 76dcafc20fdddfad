using System.Text.Json;

namespace Docket.Application.Configuration;

/// <summary>
/// The JSON of what Docket writes for itself — queue messages, row properties, upload chunks and drop reports — in
/// one set of options (camelCase, as the queue triggers bind it). The API's bodies have their own
/// (Docket.Contracts' DocketJson).
/// </summary>
public static class StoredJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
