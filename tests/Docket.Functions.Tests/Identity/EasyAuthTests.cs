using System.Net;
using System.Text;
using System.Text.Json;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Identity;

public sealed class EasyAuthTests
{
    static string Principal(string email) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        auth_typ = "aad",
        claims = new[] { new { typ = "preferred_username", val = email } },
    })));

    static async Task<HttpStatusCode> MeWithPrincipalAsync(RunningHost host, string email)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL", Principal(email));
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task The_principal_header_is_ignored_unless_the_deployment_trusts_it()
    {
        var scenario = await Scenario.StartAsync();
        var email = Scenario.UniqueEmail("easyauth");
        await scenario.UserAsync(email);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithPrincipalAsync(scenario.Host, email));

        await using var trusting = await DocketHost.StartAsync(new Dictionary<string, string?> { ["Docket:Auth:TrustEasyAuthHeader"] = "true" });
        Assert.Equal(HttpStatusCode.OK, await MeWithPrincipalAsync(trusting, email.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithPrincipalAsync(trusting, Scenario.UniqueEmail("stranger")));
    }
}
