using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Identity;

/// <summary>A host that trusts the header on an App Service with Authentication on, as deployed.</summary>
public sealed class EasyAuthHost : IAsyncLifetime
{
    public const string TenantId = "11111111-2222-3333-4444-555555555555";

    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Docket:Auth:TrustEasyAuthHeader"] = "true",
        ["Docket:Auth:TenantId"] = TenantId,
        ["WEBSITE_AUTH_ENABLED"] = "True",
    };

    public RunningHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await DocketHost.StartAsync(Settings);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class EasyAuthTests(EasyAuthHost trusting) : IClassFixture<EasyAuthHost>
{
    const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    static string Principal(string email, string? objectId, string objectIdClaim = ObjectIdClaim,
        string emailClaim = "preferred_username", string? tenant = EasyAuthHost.TenantId)
    {
        var claims = new List<object> { new { typ = emailClaim, val = email } };
        if (objectId is not null) claims.Add(new { typ = objectIdClaim, val = objectId });
        if (tenant is not null) claims.Add(new { typ = "http://schemas.microsoft.com/identity/claims/tenantid", val = tenant });
        return Convert.ToBase64String(
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { auth_typ = "aad", claims })));
    }

    static async Task<(HttpStatusCode Status, JsonNode? Body)> MeAsync(RunningHost host, string principal,
        string? principalId = null)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
        if (principalId is not null) request.Headers.Add("X-MS-CLIENT-PRINCIPAL-ID", principalId);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.JsonAsync());
    }

    static string NewObjectId() => Guid.NewGuid().ToString();

    [Fact]
    public async Task The_principal_header_is_ignored_unless_the_deployment_trusts_it_and_app_service_auth_is_on()
    {
        var scenario = await Scenario.StartAsync();
        var email = Scenario.UniqueEmail("easyauth");
        await scenario.UserAsync(email);
        var principal = Principal(email.ToUpperInvariant(), NewObjectId());
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(scenario.Host, principal)).Status);

        // Trusted by configuration, but App Service Authentication is off: anyone could have sent the header.
        foreach (var authEnabled in new string?[] { null, "False" })
        {
            await using var authOff = await DocketHost.StartAsync(new Dictionary<string, string?>
            {
                ["Docket:Auth:TrustEasyAuthHeader"] = "true",
                ["Docket:Auth:TenantId"] = EasyAuthHost.TenantId,
                ["WEBSITE_AUTH_ENABLED"] = authEnabled,
            });
            Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(authOff, principal)).Status);
        }

        var (status, me) = await MeAsync(trusting.Host, principal);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(email, me!["email"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await MeAsync(trusting.Host, Principal(Scenario.UniqueEmail("stranger"), NewObjectId()))).Status);
    }

    [Fact]
    public async Task The_bootstrap_admins_email_in_the_header_grants_nothing()
    {
        var (status, body) = await MeAsync(trusting.Host, Principal(DocketHost.AdminEmail, NewObjectId()));

        Assert.True(status == HttpStatusCode.Unauthorized, body?.ToJsonString());
    }

    [Fact]
    public async Task The_first_sign_in_binds_the_object_id_and_another_principal_with_the_same_email_is_refused()
    {
        var scenario = await Scenario.StartAsync();
        var email = Scenario.UniqueEmail("bound");
        await scenario.UserAsync(email);
        var owner = NewObjectId();

        Assert.Equal(HttpStatusCode.OK, (await MeAsync(trusting.Host, Principal(email, owner))).Status);
        var (status, body) = await MeAsync(trusting.Host, Principal(email, NewObjectId()));
        Assert.True(status == HttpStatusCode.Unauthorized, body?.ToJsonString());
        Assert.Contains("another account", body!["detail"]!.GetValue<string>());

        // The binding outlives a change of the user by an org admin, and the owner keeps signing in.
        await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"api/users/{email}",
            new { orgRole = "Admin" });
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await MeAsync(trusting.Host, Principal(email, NewObjectId()))).Status);
        var (ownerStatus, me) = await MeAsync(trusting.Host, Principal(email, owner.ToUpperInvariant(), "oid"));
        Assert.Equal(HttpStatusCode.OK, ownerStatus);
        Assert.Equal("Admin", me!["orgRole"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_an_object_id_claim_the_principal_id_header_identifies_the_person_without_either_nobody()
    {
        var scenario = await Scenario.StartAsync();
        var email = Scenario.UniqueEmail("header-id");
        await scenario.UserAsync(email);
        var owner = NewObjectId();

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(trusting.Host, Principal(email, null))).Status);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(trusting.Host, Principal(email, null), owner)).Status);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(trusting.Host, Principal(email, owner))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await MeAsync(trusting.Host, Principal(email, null), NewObjectId())).Status);
    }

    [Fact]
    public async Task Only_the_configured_tenants_email_claims_bind_and_look_alike_addresses_are_refused()
    {
        var scenario = await Scenario.StartAsync();
        var email = Scenario.UniqueEmail("kelvin");
        await scenario.UserAsync(email);

        // Another tenant, no tenant, a claim a person may choose, a look-alike of the address (the Kelvin sign
        // lower-cases to 'k'): none binds, and the user is still free for its owner.
        foreach (var principal in new[]
                 {
                     Principal(email, NewObjectId(), tenant: "99999999-2222-3333-4444-555555555555"),
                     Principal(email, NewObjectId(), tenant: null),
                     Principal(email, NewObjectId(), emailClaim: "upn"),
                     Principal("\u212A" + email[1..], NewObjectId()),
                 })
            Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(trusting.Host, principal)).Status);

        var owner = NewObjectId();
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(trusting.Host, Principal(email.ToUpperInvariant(), owner,
            emailClaim: "email"))).Status);
    }

    [Fact]
    public async Task An_org_admin_unbinds_a_sign_in_so_that_the_next_principal_binds_anew()
    {
        var scenario = await Scenario.StartAsync();
        var email = Scenario.UniqueEmail("rebind");
        await scenario.UserAsync(email);
        var first = NewObjectId();
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(trusting.Host, Principal(email, first))).Status);
        var users = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/users"))!.AsArray();
        Assert.True(users.Single(u => u!["email"]!.GetValue<string>() == email)!["signInBound"]!.GetValue<bool>());

        var member = await scenario.UserAsync(Scenario.UniqueEmail("not-admin"));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync($"api/users/{email}/sign-in")).StatusCode);
        await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"api/users/{email}/sign-in");

        var second = NewObjectId();
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(trusting.Host, Principal(email, second))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(trusting.Host, Principal(email, first))).Status);
    }
}
