using System.Net;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Client;

public sealed class IdentityClientTests
{
    [Fact]
    public async Task Health_and_the_OpenAPI_document_need_no_key()
    {
        var host = await DocketHost.SharedAsync();
        var anonymous = TestClients.Create(host, null);

        var health = await anonymous.GetHealthAsync();
        var document = await anonymous.GetOpenApiDocumentAsync();

        Assert.True(health.IsHealthy);
        Assert.Contains("\"openapi\": \"3.1.0\"", document);
    }

    [Fact]
    public async Task A_user_created_through_the_client_calls_with_their_new_key_until_it_is_revoked()
    {
        var host = await DocketHost.SharedAsync();
        var admin = TestClients.Create(host, DocketHost.AdminKey);
        var email = Scenario.UniqueEmail("ada");

        var created = await admin.PutUserAsync(email);
        var promoted = await admin.PutUserAsync(email, OrgRole.Admin);
        var key = await admin.CreateApiKeyAsync(email);
        var ada = TestClients.Create(host, key.Key);
        var me = await ada.GetMeAsync();
        var expiring = await admin.CreateApiKeyAsync(email, DateTimeOffset.UtcNow.AddDays(7));
        var keys = await ada.ListApiKeysAsync(email);
        var users = await admin.ListUsersAsync();
        await admin.UnbindSignInAsync(email);
        await ada.RevokeApiKeyAsync(email, key.KeyId);
        var refused = await Assert.ThrowsAsync<DocketApiException>(() => ada.GetMeAsync());

        Assert.Equal(("Member", "Admin"), (created.OrgRole, promoted.OrgRole));
        Assert.Equal((email, "Admin"), (me.Email, me.OrgRole));
        Assert.Equal([expiring.KeyId, key.KeyId], keys.Select(k => k.KeyId));
        Assert.Equal(expiring.ExpiresAt, keys[0].ExpiresAt);
        Assert.Contains(users, u => u.Email == email && u.OrgRole == "Admin" && !u.SignInBound);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("Authentication required", refused.Title);
        Assert.Contains("revoked", refused.Detail);
    }

    [Fact]
    public async Task A_member_sees_their_projects_and_stages_in_me()
    {
        var world = await ClientWorld.CreateAsync("cli-me");

        var me = await world.Lena.GetMeAsync();

        var project = Assert.Single(me.Projects, p => p.ProjectId == world.ProjectId);
        Assert.Equal("Member", project.Role);
        Assert.Equal(["Label"], project.Stages);
    }

    [Fact]
    public async Task A_refused_request_carries_every_field_error()
    {
        var host = await DocketHost.SharedAsync();
        var admin = TestClients.Create(host, DocketHost.AdminKey);

        var refused = await Assert.ThrowsAsync<DocketApiException>(() =>
            admin.CreateProjectAsync(new CreateProjectRequest("Not An Id!", "", 9)));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(["name", "projectId", "reviewStages"], refused.Errors.Select(e => e.Field).Order());
        Assert.All(refused.Errors, e => Assert.False(string.IsNullOrEmpty(e.Message)));
    }
}
