using System.Net;
using System.Text.Json;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost;

namespace Docket.Functions.Tests.LocalHost;

/// <summary>HTTP limits the Functions host enforces around every function.</summary>
[Collection(SampleHostCollection.Name)]
public sealed class HttpParityTests : IAsyncLifetime
{
    const int BodyLimit = 1000;
    SampleHost host = null!;

    public async Task InitializeAsync() => host = await SampleHost.StartAsync(
        SampleHost.WithFunctionTimeout("00:00:01"), settings: new Dictionary<string, string?>
        {
            [LocalFunctionsHost.RequestBodySizeLimitSetting] = BodyLimit.ToString(),
        });

    public async Task DisposeAsync() => await host.DisposeAsync();

    static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_body_within_the_request_size_limit_reaches_the_function()
    {
        using var client = host.CreateClient();
        using var body = new StringContent(new string('x', BodyLimit));
        using var response = await client.PostAsync("sample/greetings/ada/1", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_body_declared_larger_than_the_request_size_limit_is_refused_with_413()
    {
        using var client = host.CreateClient();
        using var body = new StringContent(new string('x', BodyLimit + 1));
        using var response = await client.PostAsync("sample/greetings/ada/1", body);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_chunked_body_that_grows_past_the_request_size_limit_is_refused_with_413()
    {
        using var client = host.CreateClient();
        var content = new StreamContent(new MemoryStream(new byte[BodyLimit * 3]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "sample/greetings/ada/1") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_http_function_past_function_timeout_answers_500_at_the_timeout_and_sees_its_token_cancelled()
    {
        using var client = host.CreateClient();
        var id = Guid.NewGuid().ToString("N");
        var started = DateTime.UtcNow;
        using var response = await client.GetAsync($"sample/sleep/{id}");
        await AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        await Eventually.HoldsAsync(() => host.Recorder.Cancelled.Contains(id), TimeSpan.FromSeconds(5),
            "the function's cancellation token fires at the timeout");
    }

    [Fact]
    public async Task A_function_disabled_by_its_setting_is_not_hosted()
    {
        await using var disabled = await SampleHost.StartAsync(settings: new Dictionary<string, string?>
        {
            [LocalFunctionsHost.DisabledSetting(nameof(SampleFunctions.Greet))] = "true",
        });
        using var client = disabled.CreateClient();
        using var response = await client.PostAsync("sample/greetings/ada/1", new StringContent("x"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
