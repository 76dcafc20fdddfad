using System.Net;
using System.Text.Json.Nodes;

namespace Docket.Functions.Tests.Infrastructure;

public static class DataPage
{
    /// <summary>
    /// Every task a Data Page query returns, following its cursor; no page is larger than the limit.
    /// <paramref name="betweenPages"/> runs after each page but the last, given how many pages were read.
    /// </summary>
    public static async Task<List<JsonNode>> WalkAsync(ApiClient client, string projectId, string query, int limit,
        Func<int, Task>? betweenPages = null)
    {
        var pages = 0;
        var all = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = (await client.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                $"api/projects/{projectId}/tasks?{query}&limit={limit}"
                + (cursor is null ? "" : $"&cursor={cursor}")))!;
            var tasks = page["tasks"]!.AsArray();
            Assert.True(tasks.Count <= limit);
            all.AddRange(tasks.Select(t => t!));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
            if (cursor is not null && betweenPages is not null) await betweenPages(pages);
        } while (cursor is not null);
        return all;
    }
}
