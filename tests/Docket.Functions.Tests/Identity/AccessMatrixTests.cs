using System.Net;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Identity;

/// <summary>Every identity/project route against every kind of caller, through real HTTP.</summary>
public sealed class AccessMatrixTests(AccessWorld world) : IClassFixture<AccessWorld>
{
    static readonly string[] CallerOrder = ["none", "revoked", "unknown", "member", "other", "manager",
        "admin", "orgadmin"];

    // Expected status per caller, in CallerOrder.
    static readonly Dictionary<string, int[]> Expected = new()
    {
        ["GET me"] = [401, 401, 401, 200, 200, 200, 200, 200],
        ["PUT user"] = [401, 401, 401, 403, 403, 403, 403, 201],
        ["POST member's key"] = [401, 401, 401, 201, 403, 403, 403, 201],
        ["DELETE member's key"] = [401, 401, 401, 204, 403, 403, 403, 204],
        ["POST project"] = [401, 401, 401, 403, 403, 403, 403, 201],
        ["GET projects"] = [401, 401, 401, 200, 200, 200, 200, 200],
        ["GET project"] = [401, 401, 401, 200, 404, 200, 200, 200],
        ["PATCH stage"] = [401, 401, 401, 403, 404, 403, 200, 200],
        ["PUT member"] = [401, 401, 401, 403, 404, 403, 201, 201],
        ["DELETE member"] = [401, 401, 401, 403, 404, 403, 204, 204],
        ["GET members"] = [401, 401, 401, 403, 404, 200, 200, 200],
    };

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (route, statuses) in Expected)
            for (var i = 0; i < CallerOrder.Length; i++)
                data.Add(route, CallerOrder[i], statuses[i]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_answers_the_expected_status_for_each_caller(string route, string caller, int expected)
    {
        var client = world.Callers[caller];
        var admin = world.Scenario.OrgAdmin;
        var project = world.ProjectId;

        using var response = route switch
        {
            "GET me" => await client.GetAsync("api/me"),
            "PUT user" => await client.PutAsync($"api/users/{Scenario.UniqueEmail("new")}", new { orgRole = "Member" }),
            "POST member's key" => await client.PostAsync($"api/users/{world.MemberEmail}/keys"),
            "DELETE member's key" =>
                await client.DeleteAsync($"api/users/{world.MemberEmail}/keys/{await NewMemberKeyIdAsync()}"),
            "POST project" =>
                await client.PostAsync("api/projects", new { projectId = Scenario.UniqueId("acl-new"), name = "n" }),
            "GET projects" => await client.GetAsync("api/projects"),
            "GET project" => await client.GetAsync($"api/projects/{project}"),
            "PATCH stage" => await client.PatchAsync($"api/projects/{project}/stages/Label", new { queueSize = 5 }),
            "PUT member" =>
                await client.PutAsync($"api/projects/{project}/members/{await NewUserAsync()}",
                    new { role = "Member" }),
            "DELETE member" => await client.DeleteAsync($"api/projects/{project}/members/{await NewMemberAsync()}"),
            "GET members" => await client.GetAsync($"api/projects/{project}/members"),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode,
            $"{route} as {caller}: expected {expected}, got {(int)response.StatusCode}: {body}");
        if (expected >= 400)
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        async Task<string> NewMemberKeyIdAsync() =>
            (await admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post,
                $"api/users/{world.MemberEmail}/keys"))!["keyId"]!.GetValue<string>();

        async Task<string> NewUserAsync()
        {
            var email = Scenario.UniqueEmail("target");
            await admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/users/{email}",
                new { orgRole = "Member" });
            return email;
        }

        async Task<string> NewMemberAsync()
        {
            var email = await NewUserAsync();
            await admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/projects/{project}/members/{email}",
                new { role = "Member" });
            return email;
        }
    }

    [Fact]
    public async Task A_member_only_sees_their_projects_and_their_stage_access_in_me()
    {
        var me = (await world.Callers["member"].ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/me"))!;
        Assert.Equal(world.MemberEmail, me["email"]!.GetValue<string>());
        var project = Assert.Single(me["projects"]!.AsArray());
        Assert.Equal(world.ProjectId, project!["projectId"]!.GetValue<string>());
        Assert.Equal("Member", project["role"]!.GetValue<string>());
        Assert.Equal(["Label"], project["stages"]!.AsArray().Select(s => s!.GetValue<string>()));

        var listed = (await world.Callers["member"].ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/projects"))!
            .AsArray();
        Assert.Equal([world.ProjectId], listed.Select(p => p!["projectId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Emails_are_compared_case_insensitively()
    {
        var upper = world.MemberEmail.ToUpperInvariant();
        var key = (await world.Scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post,
            $"api/users/{upper}/keys"))!;
        Assert.Equal(world.MemberEmail, key["email"]!.GetValue<string>());
        var me = (await world.Scenario.Anonymous.As(key["key"]!.GetValue<string>())
            .ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/me"))!;
        Assert.Equal(world.MemberEmail, me["email"]!.GetValue<string>());
    }
}
