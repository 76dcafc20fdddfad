using System.Net;
using System.Text.Json.Nodes;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Identity;

/// <summary>Invalid requests answer 400/409 problem+json naming every bad field, and change nothing.</summary>
public sealed class BadInputTests
{
    static async Task<JsonArray> ExpectErrorsAsync(HttpResponseMessage response,
        HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!["errors"]?.AsArray() ?? [];
    }

    static string[] Fields(JsonArray errors) => errors.Select(e => e!["field"]!.GetValue<string>()).Order().ToArray();

    [Fact]
    public async Task Creating_a_project_with_every_field_wrong_lists_every_problem_and_creates_nothing()
    {
        var scenario = await Scenario.StartAsync();
        var response = await scenario.OrgAdmin.PostAsync("api/projects",
            new
            {
                projectId = "Bad Id!",
                name = "",
                reviewStages = 7,
                autoAssign = "yes",
                queueSize = 101,
                idleTimeoutMinutes = 0
            });
        var errors = await ExpectErrorsAsync(response);
        Assert.Equal(
            ["autoAssign", "idleTimeoutMinutes", "name", "projectId", "queueSize", "reviewStages"], Fields(errors));

        var queueTooSmall = await ExpectErrorsAsync(await scenario.OrgAdmin.PostAsync("api/projects",
            new { projectId = Scenario.UniqueId("bad"), name = "n", queueSize = 0 }));
        Assert.Equal(["queueSize"], Fields(queueTooSmall));
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.OrgAdmin.GetAsync("api/projects/bad-id")).StatusCode);
    }

    [Fact]
    public async Task Malformed_json_says_where_and_writes_nothing()
    {
        var scenario = await Scenario.StartAsync();
        var id = Scenario.UniqueId("malformed");
        var errors = await ExpectErrorsAsync(
            await scenario.OrgAdmin.PostAsync("api/projects", $"{{\"projectId\": \"{id}\",\n \"name\": }}"));
        var error = Assert.Single(errors);
        Assert.Equal("$", error!["field"]!.GetValue<string>());
        Assert.Contains("line 2", error["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.OrgAdmin.GetAsync($"api/projects/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_duplicate_project_id_is_409_and_the_first_project_is_unchanged()
    {
        var scenario = await Scenario.StartAsync();
        var id = Scenario.UniqueId("dup");
        await scenario.ProjectAsync(id, reviewStages: 2);
        await ExpectErrorsAsync(await scenario.OrgAdmin.PostAsync("api/projects",
            new { projectId = id, name = "again", reviewStages = 0 }), HttpStatusCode.Conflict);
        var project = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/projects/{id}"))!;
        Assert.Equal(4, project["stages"]!.AsArray().Count);
    }

    [Fact]
    public async Task Member_with_bad_email_role_and_stages_lists_every_problem_and_is_not_added()
    {
        var scenario = await Scenario.StartAsync();
        var id = Scenario.UniqueId("members");
        await scenario.ProjectAsync(id, reviewStages: 1);
        var errors = await ExpectErrorsAsync(await scenario.OrgAdmin.PutAsync($"api/projects/{id}/members/not-an-email",
            new { role = "Owner", stages = new[] { "Label", "Review_2", "Ground Truth" } }));
        Assert.Equal(["email", "role", "stages[1]", "stages[2]"], Fields(errors));

        var unknownUser = Scenario.UniqueEmail("ghost");
        Assert.Equal(["email"], Fields(await ExpectErrorsAsync(
            await scenario.OrgAdmin.PutAsync($"api/projects/{id}/members/{unknownUser}", new { role = "Member" }))));

        var members = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{id}/members"))!.AsArray();
        Assert.Empty(members);
    }

    [Fact]
    public async Task Stage_settings_out_of_range_are_rejected_and_unknown_stages_are_404()
    {
        var scenario = await Scenario.StartAsync();
        var id = Scenario.UniqueId("stages");
        await scenario.ProjectAsync(id, reviewStages: 1);
        Assert.Equal(["autoAssign", "queueSize"], Fields(await ExpectErrorsAsync(
            await scenario.OrgAdmin.PatchAsync($"api/projects/{id}/stages/Label",
                new { queueSize = 0, autoAssign = 1 }))));
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.OrgAdmin.PatchAsync($"api/projects/{id}/stages/Review_9",
            new { queueSize = 3 })).StatusCode);

        var updated = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch,
            $"api/projects/{id}/stages/Review_1", new { queueSize = 9, autoAssign = false }))!;
        var review = updated["stages"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "Review_1")!;
        Assert.Equal(9, review["queueSize"]!.GetValue<int>());
        Assert.False(review["autoAssign"]!.GetValue<bool>());
        var label = updated["stages"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "Label")!;
        Assert.Equal(5, label["queueSize"]!.GetValue<int>());
    }

    [Fact]
    public async Task Users_with_invalid_email_or_role_are_rejected()
    {
        var scenario = await Scenario.StartAsync();
        Assert.Equal(["email", "orgRole"], Fields(await ExpectErrorsAsync(
            await scenario.OrgAdmin.PutAsync("api/users/nobody", new { orgRole = "Root" }))));
        Assert.Equal(["orgRole"], Fields(await ExpectErrorsAsync(
            await scenario.OrgAdmin.PutAsync($"api/users/{Scenario.UniqueEmail("x")}", new { orgRole = 1 }))));
    }
}
