using System.Net;
using Azure.Data.Tables;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Identity;

public sealed class KeySecrecyTests
{
    [Fact]
    public async Task Keys_are_stored_only_as_hashes_and_never_logged()
    {
        var scenario = await Scenario.StartAsync();
        var email = Scenario.UniqueEmail("secret");
        var client = await scenario.UserAsync(email);
        var key = client.Key!;
        // "dk_{keyId}_{secret}": the secret (which may itself hold '_') follows the separator after the key id.
        var secret = key[(key.IndexOf('_', "dk_".Length) + 1)..];
        await client.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/me");

        var service = new TableServiceClient(await TestStorage.ConnectionStringAsync());
        await foreach (var table in service.QueryAsync())
        {
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (var value in entity.Select(p => p.Value).OfType<string>())
                {
                    Assert.DoesNotContain(secret, value);
                    Assert.DoesNotContain(DocketHost.AdminKey, value);
                }
            }
        }
        Assert.DoesNotContain(CapturedLogs.Instance.Lines,
            line => line.Contains(secret) || line.Contains(DocketHost.AdminKey));
    }
}
