using System.Net;
using System.Text.Json.Nodes;

namespace Docket.Functions.Tests.Infrastructure;

/// <summary>Builds the people and projects a test needs through the API, as a real org admin would.</summary>
public sealed class Scenario
{
    Scenario(RunningHost host, HttpClient http)
    {
        Host = host;
        Http = http;
        OrgAdmin = new ApiClient(http, DocketHost.AdminKey);
    }

    public RunningHost Host { get; }
    public HttpClient Http { get; }
    public ApiClient OrgAdmin { get; }
    public ApiClient Anonymous => new(Http, null);

    public static async Task<Scenario> StartAsync(RunningHost? host = null)
    {
        host ??= await DocketHost.SharedAsync();
        return new Scenario(host, host.CreateClient());
    }

    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 13)];

    public static string UniqueEmail(string name) => $"{name}.{Guid.NewGuid():N}@example.com";

    /// <summary>Creates a user and returns a client that calls with a new key of theirs.</summary>
    public async Task<ApiClient> UserAsync(string email, string orgRole = "Member")
    {
        await OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/users/{email}", new { orgRole });
        var key = await OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"api/users/{email}/keys");
        return new ApiClient(Http, key!["key"]!.GetValue<string>());
    }

    public async Task<JsonNode> ProjectAsync(string projectId, int reviewStages = 1, object? extra = null)
    {
        var body = new JsonObject
        {
            ["projectId"] = projectId,
            ["name"] = "Project " + projectId,
            ["reviewStages"] = reviewStages
        };
        if (extra is not null)
            foreach (var (name, value) in System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject())
                body[name] = value?.DeepClone();
        return (await OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/projects",
            body.ToJsonString()))!;
    }

    /// <summary>Creates a user, makes them a member of the project, and returns their client.</summary>
    public async Task<ApiClient> MemberAsync(string projectId, string email, string role = "Member",
        string[]? stages = null)
    {
        var client = await UserAsync(email);
        await OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/projects/{projectId}/members/{email}",
            new { role, stages });
        return client;
    }
}
