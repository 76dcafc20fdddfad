using System.Net;
using System.Text.Json.Nodes;

namespace Docket.Functions.Tests.Infrastructure;

public static class DataPage
{
    /// <summary>Every task a Data Page query returns, following its cursor; no page is larger than the limit.</summary>
    public static async Task<List<JsonNode>> WalkAsync(ApiClient client, string projectId, string query, int limit)
    {
        var all = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = (await client.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                $"api/projects/{projectId}/tasks?{query}&limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            var tasks = page["tasks"]!.AsArray();
            Assert.True(tasks.Count <= limit);
            all.AddRange(tasks.Select(t => t!));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        return all;
    }
}
