using System.Net;
using System.Text;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Upload;

public sealed class UploadTests
{
    /// <summary>The samples' project: stages Label and Review_1, lena labels, rami reviews.</summary>
    public static async Task<(Scenario Scenario, string ProjectId, ApiClient Lena, ApiClient Rami)> SampleProjectAsync()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("samples");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        // The sample files name these exact addresses, so each test's project reuses the same two users.
        var lena = await SampleMemberAsync(scenario, projectId, "lena@example.com", "Label");
        var rami = await SampleMemberAsync(scenario, projectId, "rami@example.com", "Review_1");
        return (scenario, projectId, lena, rami);
    }

    static async Task<ApiClient> SampleMemberAsync(Scenario scenario, string projectId, string email, string stage)
    {
        await scenario.OrgAdmin.PutAsync($"api/users/{email}", new { orgRole = "Member" });
        var key = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post,
            $"api/users/{email}/keys"))!;
        await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put,
            $"api/projects/{projectId}/members/{email}", new { role = "Member", stages = new[] { stage } });
        return scenario.Anonymous.As(key["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_invalid_sample_answers_400_with_all_seven_problems_and_creates_nothing()
    {
        var (scenario, projectId, _, _) = await SampleProjectAsync();
        using var response = await scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/items",
            TestData.Read("items-invalid.json"));
        var body = (await response.JsonAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body.ToJsonString());
        var errors = body["errors"]!.AsArray();
        Assert.Equal(7, errors.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], errors.Select(e => e!["index"]!.GetValue<int>()).Order());
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e!["field"]!.GetValue<string>())));

        // Nothing was created: the valid entry can still be uploaded and is new.
        var again = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/items",
            """[{ "name": "ok-entry", "series": [ { "items": "s3://imaging/ok.nii.gz" } ] }]"""))!;
        Assert.Single(again["created"]!.AsArray());
    }

    [Fact]
    public async Task The_small_sample_creates_five_tasks_and_a_second_upload_creates_none()
    {
        var (scenario, projectId, _, _) = await SampleProjectAsync();
        var file = Encoding.UTF8.GetBytes(TestData.Read("items-small.json"));

        var first = await scenario.OrgAdmin.Docket.UploadItemsAsync(projectId, file);
        Assert.Equal(["study01", "study02", "study03", "study04", "xray-legacy-05"],
            first.CreatedTasks.Select(t => t.Name).Order());
        Assert.Empty(first.ExistingTasks);

        var second = await scenario.OrgAdmin.Docket.UploadItemsAsync(projectId, file);
        Assert.Empty(second.CreatedTasks);
        Assert.Equal(first.CreatedTasks.OrderBy(t => t.Name), second.ExistingTasks.OrderBy(t => t.Name));
    }

    [Fact]
    public async Task Only_project_admins_upload_and_unknown_projects_are_404()
    {
        var (scenario, projectId, lena, _) = await SampleProjectAsync();
        Assert.Equal(HttpStatusCode.Forbidden,
            (await lena.PostAsync($"api/projects/{projectId}/items", TestData.Read("items-small.json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await scenario.OrgAdmin.PostAsync("api/projects/no-such-project/items", "[]")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await scenario.Anonymous.PostAsync($"api/projects/{projectId}/items", "[]")).StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_reported_with_its_line()
    {
        var (scenario, projectId, _, _) = await SampleProjectAsync();
        using var response = await scenario.OrgAdmin.PostAsync($"api/projects/{projectId}/items",
            "[\n {\"name\": \"a\",\n \"series\": [ }\n]");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync())!["errors"]!.AsArray());
        Assert.Equal("$", error!["field"]!.GetValue<string>());
        Assert.Contains("line 3", error["message"]!.GetValue<string>());
    }
}
