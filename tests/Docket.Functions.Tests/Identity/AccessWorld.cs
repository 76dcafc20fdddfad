using System.Net;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Identity;

/// <summary>
/// One project with a member, a manager and an admin; a member of another project; and callers with no key,
/// a revoked key and an unknown key. Shared by the access matrix.
/// </summary>
public sealed class AccessWorld : IAsyncLifetime
{
    public Scenario Scenario { get; private set; } = null!;
    public string ProjectId { get; } = Scenario.UniqueId("acl");
    public string MemberEmail { get; } = Scenario.UniqueEmail("member");
    public IReadOnlyDictionary<string, ApiClient> Callers { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Scenario = await Scenario.StartAsync();
        await Scenario.ProjectAsync(ProjectId);
        var otherProject = Scenario.UniqueId("acl-other");
        await Scenario.ProjectAsync(otherProject);

        var member = await Scenario.MemberAsync(ProjectId, MemberEmail, "Member", ["Label"]);
        var manager = await Scenario.MemberAsync(ProjectId, Scenario.UniqueEmail("manager"), "Manager");
        var admin = await Scenario.MemberAsync(ProjectId, Scenario.UniqueEmail("admin"), "Admin");
        var other = await Scenario.MemberAsync(otherProject, Scenario.UniqueEmail("other"), "Admin");

        var revokedEmail = Scenario.UniqueEmail("revoked");
        await Scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/users/{revokedEmail}",
            new { orgRole = "Admin" });
        var revokedKey = (await Scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post,
            $"api/users/{revokedEmail}/keys"))!;
        await Scenario.OrgAdmin.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete,
            $"api/users/{revokedEmail}/keys/{revokedKey["keyId"]!.GetValue<string>()}");

        Callers = new Dictionary<string, ApiClient>
        {
            ["none"] = Scenario.Anonymous,
            ["revoked"] = Scenario.Anonymous.As(revokedKey["key"]!.GetValue<string>()),
            ["unknown"] = Scenario.Anonymous.As("dk_0123456789abcdef_notARealSecretAtAll"),
            ["member"] = member,
            ["other"] = other,
            ["manager"] = manager,
            ["admin"] = admin,
            ["orgadmin"] = Scenario.OrgAdmin,
        };
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
