using System.Net;
using System.Net.Http.Headers;
using Azure.Core;
using Azure.Core.Pipeline;
using Docket.FaultHost;
using Docket.Functions.Tests.Infrastructure;
using Docket.Storage.Connection;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Identity;

/// <summary>
/// Keys are listed without their secrets, may expire, say when they were last used; a refused key costs storage
/// once, however often it is presented; creating a project or a key whose reply was lost still answers 201.
/// </summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    readonly StorageFaults faults = new();
    readonly KeyReads reads = new();
    RunningHost host = null!;

    public async Task InitializeAsync() => host = await DocketHost.StartAsync(services: s =>
    {
        s.AddSingleton(faults.AsStoragePolicy());
        s.AddSingleton(new StoragePipelinePolicy(reads, HttpPipelinePosition.PerRetry));
    });

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>Counts reads of the ApiKeys table.</summary>
    sealed class KeyReads : HttpPipelineSynchronousPolicy
    {
        int count;
        public int Count => Volatile.Read(ref count);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Get && StorageFaults.IsTable(message, "ApiKeys"))
                Interlocked.Increment(ref count);
        }
    }

    [Fact]
    public async Task A_users_keys_are_listed_newest_first_with_their_use_and_expiry_and_never_their_secret()
    {
        var scenario = await Scenario.StartAsync(host);
        var email = Scenario.UniqueEmail("keys");
        var user = await scenario.UserAsync(email);
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);
        var second = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post,
            $"api/users/{email}/keys", new { expiresAt = expiresAt.ToString("O") }))!;
        await user.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/me");

        var keys = (await user.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/users/{email}/keys"))!.AsArray();

        Assert.Equal(2, keys.Count);
        Assert.Equal(second["keyId"]!.GetValue<string>(), keys[0]!["keyId"]!.GetValue<string>());
        Assert.Equal(expiresAt.ToUnixTimeSeconds(),
            keys[0]!["expiresAt"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());
        Assert.NotNull(keys[1]!["lastUsedAt"]);
        Assert.Null(keys[0]!["lastUsedAt"]);
        Assert.DoesNotContain(user.Key!, keys.ToJsonString());
        Assert.DoesNotContain(second["key"]!.GetValue<string>(), keys.ToJsonString());
        var other = await scenario.UserAsync(Scenario.UniqueEmail("other"));
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"api/users/{email}/keys")).StatusCode);

        foreach (var bad in new object[] { new { expiresAt = "yesterday" }, new { expiresAt = "2001-01-01T00:00:00Z" } })
        {
            using var refused = await scenario.OrgAdmin.PostAsync($"api/users/{email}/keys", bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var scenario = await Scenario.StartAsync(host);
        var email = Scenario.UniqueEmail("expiring");
        await scenario.UserAsync(email);
        var key = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post,
            $"api/users/{email}/keys", new { expiresAt = DateTimeOffset.UtcNow.AddSeconds(3).ToString("O") }))!;
        var client = scenario.OrgAdmin.As(key["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/me")).StatusCode);

        var refused = await Eventually.HoldsAsync(() => client.GetAsync("api/me"),
            r => r.StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(60), "the key expires");
        Assert.Contains("expired", (await refused.JsonAsync())!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_key_presented_again_and_again_is_looked_up_once()
    {
        using var http = host.CreateClient();
        var forged = "dk_" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..16] + "_x";
        var before = reads.Count;

        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // A key id not found is looked up where it would be and where keys were kept before: two reads, once.
        Assert.InRange(reads.Count - before, 1, 2);
    }

    [Fact]
    public async Task Creating_a_project_or_a_key_whose_reply_was_lost_answers_201_to_its_creator()
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("lost-create");
        faults.Add(m => m.Request.Method == RequestMethod.Post && StorageFaults.IsTable(m, "Projects"),
            StorageFault.LoseReply);
        await scenario.ProjectAsync(projectId);
        Assert.Equal(1, faults.Injected);

        var email = Scenario.UniqueEmail("lost-key");
        await scenario.UserAsync(email);
        faults.Add(m => m.Request.Method == RequestMethod.Post && StorageFaults.IsTable(m, "ApiKeys"),
            StorageFault.LoseReply);
        var key = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post,
            $"api/users/{email}/keys"))!;
        Assert.Equal(2, faults.Injected);
        Assert.Equal(email, (await scenario.OrgAdmin.As(key["key"]!.GetValue<string>())
            .ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/me"))!["email"]!.GetValue<string>());
    }
}
