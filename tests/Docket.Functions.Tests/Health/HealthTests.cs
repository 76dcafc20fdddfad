using System.Net;
using System.Text.Json;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_answers_200_without_a_key_when_storage_is_reachable()
    {
        var host = await DocketHost.SharedAsync();
        using var client = host.CreateClient();
        var response = await client.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Reachable", json.RootElement.GetProperty("storage").GetString());
    }

    [Fact]
    public async Task Health_answers_503_with_retry_after_when_storage_is_down()
    {
        // Ports where nothing listens: the storage account is unreachable.
        var unreachable = AzuriteProcess.ConnectionStringFor(AzuriteProcess.FreePort(), AzuriteProcess.FreePort(),
            AzuriteProcess.FreePort());
        await using var host = await DocketHost.StartAsync(storageConnectionString: unreachable);
        using var client = host.CreateClient();
        var response = await client.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
