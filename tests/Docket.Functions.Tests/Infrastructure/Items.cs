using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Docket.Functions.Tests.Infrastructure;

/// <summary>Builds items files and uploads them.</summary>
public static class Items
{
    public static string File(IEnumerable<object> entries) => JsonSerializer.Serialize(entries);

    public static object Entry(string name, string? priority = null, object? preAssign = null)
    {
        var entry = new JsonObject
        {
            ["name"] = name,
            ["series"] = new JsonArray(new JsonObject { ["items"] = $"s3://bucket/{name}.nii.gz" })
        };
        if (priority is not null) entry["priority"] = JsonNode.Parse(priority);
        if (preAssign is not null) entry["preAssign"] = JsonSerializer.SerializeToNode(preAssign);
        return entry;
    }

    /// <returns>Task ids by name.</returns>
    public static async Task<Dictionary<string, string>> UploadAsync(ApiClient admin, string projectId,
        IEnumerable<object> entries)
    {
        var result = (await admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/items", File(entries)))!;
        return result["created"]!.AsArray().Concat(result["existing"]!.AsArray())
            .ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["taskId"]!.GetValue<string>());
    }

    public static async Task<Dictionary<string, string>> UploadNamesAsync(ApiClient admin, string projectId, int count,
        string prefix = "task")
        => await UploadAsync(admin, projectId, Enumerable.Range(0, count).Select(i => Entry($"{prefix}-{i:D5}")));
}
