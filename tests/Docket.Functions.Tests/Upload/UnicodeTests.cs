using System.Net;
using System.Text.Json.Nodes;
using Docket.Domain.Validation;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Upload;

/// <summary>
/// Text the way people write it: characters outside the Basic Multilingual Plane are stored as they were checked;
/// an escape that is no character is a 400 (or a failed drop report) naming the field, never a 500 or a poisoned
/// message; a drop cannot name a blob outside its project's folder.
/// </summary>
public sealed class UnicodeTests
{
    [Fact]
    public async Task Metadata_full_of_emoji_within_the_limit_is_stored_and_read_back()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("emoji");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var value = string.Concat(Enumerable.Repeat("\U0001F600", 14_000));
        var entry = new JsonObject
        {
            ["name"] = "smiles",
            ["series"] = new JsonArray(new JsonObject { ["items"] = "s3://bucket/smiles.nii.gz" }),
            ["metaData"] = new JsonObject { ["caption"] = value },
        };

        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [entry]);

        var task = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks/{ids["smiles"]}"))!;
        Assert.Equal(value, task["metaData"]!["caption"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_body_or_an_items_file_is_a_400_naming_the_field()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("surrogate");
        await scenario.ProjectAsync(projectId, reviewStages: 0);

        using var project = await scenario.OrgAdmin.PatchAsync($"api/projects/{projectId}", """{"name":"x\ud800"}""");
        await AssertProblemAsync(project, index: null, field: "name");

        using var items = await scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/items",
            """[{"name":"ok","series":[{"items":"s"}]},{"name":"bad","series":[{"items":"s"}],"metaData":{"k":"\udc00"}}]""");
        await AssertProblemAsync(items, index: 1, field: "metaData.k");
        Assert.Empty(await DataPage.WalkAsync(scenario.OrgAdmin, projectId, "search=ALL", 50));
    }

    [Fact]
    public async Task A_drop_with_a_lone_surrogate_gets_a_failed_report_and_one_naming_a_path_outside_its_folder_too()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("drop-text");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var pathProject = Scenario.UniqueId("drop-path");
        await scenario.ProjectAsync(pathProject, reviewStages: 0);

        await UploadProbes.SendDropAsync(
            $$"""{"projectId":"{{projectId}}","items":[{"name":"bad\ud800","series":[{"items":"s"}]}]}""");
        await UploadProbes.SendDropAsync(new JsonObject
        {
            ["projectId"] = pathProject,
            ["blob"] = $"../{projectId}/a.json",
        });

        var report = await UploadProbes.QueueDropReportAsync(projectId);
        Assert.Equal("Failed", report["status"]!.GetValue<string>());
        Assert.Equal(("name", JsonUnicode.LoneSurrogateMessage),
            (report["errors"]![0]!["field"]!.GetValue<string>(), report["errors"]![0]!["message"]!.GetValue<string>()));
        var escaped = await UploadProbes.QueueDropReportAsync(pathProject);
        Assert.Equal("Failed", escaped["status"]!.GetValue<string>());
        Assert.Equal("blob", escaped["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Contains("'..'", escaped["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Free_text_with_control_or_bidirectional_characters_and_bad_name_filters_are_400()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("free-text");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var api = $"api/projects/{projectId}";

        foreach (var name in new[] { "Brain\\u202EIRM", "Brain\\u001b[2J", "Brain\\nMRI" })
        {
            using var renamed = await scenario.OrgAdmin.PatchAsync(api, $$"""{"name":"{{name}}"}""");
            Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
            Assert.Equal("name", (await renamed.JsonAsync())!["errors"]![0]!["field"]!.GetValue<string>());
        }
        Assert.Equal("Project " + projectId,
            (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, api))!["name"]!.GetValue<string>());

        foreach (var filter in new[] { "%EF%BF%BF", "a%00", "a%E2%80%AE", new string('n', 1025) })
        {
            using var page = await scenario.OrgAdmin.GetAsync($"{api}/tasks?name={filter}");
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            Assert.Equal("name", (await page.JsonAsync())!["errors"]![0]!["field"]!.GetValue<string>());
        }
        // A prefix ending in a character outside the Basic Multilingual Plane is a range like any other.
        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("x😀1"), Items.Entry("x😁"), Items.Entry("y")]);
        var smiles = await DataPage.WalkAsync(scenario.OrgAdmin, projectId, "search=ALL&name=x%F0%9F%98%80", 10);
        Assert.Equal(["x😀1"], smiles.Select(t => t["name"]!.GetValue<string>()));
    }

    static async Task AssertProblemAsync(HttpResponseMessage response, int? index, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.JsonAsync())!["errors"]!.AsArray().Single()!;
        Assert.Equal(field, error["field"]!.GetValue<string>());
        Assert.Equal(index, error["index"]?.GetValue<int>());
        Assert.Equal(JsonUnicode.LoneSurrogateMessage, error["message"]!.GetValue<string>());
    }
}
