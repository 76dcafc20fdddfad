using System.Net;
using System.Text.Json.Nodes;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Upload;

public sealed class SampleUploadTests
{
    /// <summary>Posts the sample file as it is; returns the created task ids by name.</summary>
    static async Task<Dictionary<string, string>> UploadSmallSampleAsync(Scenario scenario, string projectId)
    {
        var result = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/items", TestData.Read("items-small.json")))!;
        Assert.Empty(result["existing"]!.AsArray());
        return result["created"]!.AsArray()
            .ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["taskId"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_small_sample_creates_five_tasks_with_exact_priorities_and_the_preassigned_one_in_lenas_queue()
    {
        var (scenario, projectId, lena, _) = await UploadTests.SampleProjectAsync();
        var ids = await UploadSmallSampleAsync(scenario, projectId);
        Assert.Equal(["study01", "study02", "study03", "study04", "xray-legacy-05"], ids.Keys.Order());

        var tasks = new Dictionary<string, JsonNode>();
        foreach (var (name, taskId) in ids)
            tasks[name] = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                $"api/projects/{projectId}/tasks/{taskId}"))!;

        // Priorities come back as the same JSON numbers, never through a double.
        Assert.Equal("0.95", tasks["study01"]["priority"]!.ToJsonString());
        Assert.Equal("0.5", tasks["study02"]["priority"]!.ToJsonString());
        Assert.Equal("0.123456789", tasks["study03"]["priority"]!.ToJsonString());
        Assert.Null(tasks["study04"]["priority"]);
        Assert.Null(tasks["xray-legacy-05"]["priority"]);

        var study01 = tasks["study01"];
        Assert.Equal("Label", study01["stageName"]!.GetValue<string>());
        Assert.Equal("ASSIGNED", study01["status"]!.GetValue<string>());
        Assert.Equal("lena@example.com", study01["assignee"]!.GetValue<string>());
        Assert.Equal("preAssign", study01["assignedBy"]!.GetValue<string>());
        // The Review_1 preAssign is kept for when the task gets there.
        Assert.True(
            JsonNode.DeepEquals(
                JsonNode.Parse("""{ "Label": "lena@example.com", "Review_1": "rami@example.com" }"""),
                study01["preAssign"]),
            study01["preAssign"]!.ToJsonString());

        foreach (var name in new[] { "study02", "study03", "study04", "xray-legacy-05" })
        {
            Assert.Equal("Label", tasks[name]["stageName"]!.GetValue<string>());
            Assert.Equal("UNASSIGNED", tasks[name]["status"]!.GetValue<string>());
            Assert.Null(tasks[name]["assignee"]);
            Assert.Null(tasks[name]["assignedBy"]);
        }

        var queue = (await lena.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/stages/Label/queue"))!;
        var queued = Assert.Single(queue["tasks"]!.AsArray());
        Assert.Equal(ids["study01"], queued!["taskId"]!.GetValue<string>());
        Assert.Equal("ASSIGNED", queued["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Series_fields_and_metadata_come_back_unchanged_and_the_legacy_entry_becomes_one_series()
    {
        var (scenario, projectId, _, _) = await UploadTests.SampleProjectAsync();
        var file = JsonNode.Parse(TestData.Read("items-small.json"))!.AsArray();
        var ids = await UploadSmallSampleAsync(scenario, projectId);

        foreach (var entry in file.Where(e => e!["series"] is not null))
        {
            var name = entry!["name"]!.GetValue<string>();
            var task = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                $"api/projects/{projectId}/tasks/{ids[name]}"))!;
            Assert.True(JsonNode.DeepEquals(entry["series"], task["series"]),
                $"{name}: {task["series"]!.ToJsonString()}");
            Assert.True(JsonNode.DeepEquals(entry["metaData"] ?? new JsonObject(), task["metaData"]),
                $"{name}: {task["metaData"]!.ToJsonString()}");
        }

        var legacy = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks/{ids["xray-legacy-05"]}"))!;
        Assert.True(
            JsonNode.DeepEquals(
                JsonNode.Parse("""[ { "items": ["https://cdn.example.com/xray/05.png"] } ]"""), legacy["series"]),
            legacy["series"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(new JsonObject(), legacy["metaData"]), legacy["metaData"]!.ToJsonString());
    }
}
