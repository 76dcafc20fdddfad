using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Identity;

/// <summary>
/// State-changing routes take JSON only: a cross-site form post (text/plain or a form type) or a body without a
/// Content-Type answers 415 and changes nothing; a request without a body needs no Content-Type.
/// </summary>
public sealed class ContentTypeTests
{
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task A_body_that_is_not_declared_json_is_refused_with_415_and_changes_nothing(string? contentType)
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("ctype");
        var body = $$"""{"projectId":"{{projectId}}","name":"Form post","reviewStages":1}""";

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/projects")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DocketHost.AdminKey);
        using var response = await scenario.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/json", (await response.JsonAsync())!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.OrgAdmin.GetAsync($"api/projects/{projectId}")).StatusCode);
    }

    [Fact]
    public async Task Json_with_parameters_is_accepted_and_a_request_without_a_body_needs_no_content_type()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("ctype-ok");
        using var create = new HttpRequestMessage(HttpMethod.Post, "api/projects")
        {
            Content = new StringContent($$"""{"projectId":"{{projectId}}","name":"Json","reviewStages":1}""",
                Encoding.UTF8, "application/json"),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DocketHost.AdminKey);
        Assert.Equal("application/json; charset=utf-8", create.Content.Headers.ContentType!.ToString());
        using var created = await scenario.Http.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // A POST with no body and no Content-Type (a new key).
        var email = Scenario.UniqueEmail("ctype");
        await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Put, $"api/users/{email}",
            new { orgRole = "Member" });
        using var newKey = new HttpRequestMessage(HttpMethod.Post, $"api/users/{email}/keys");
        newKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DocketHost.AdminKey);
        using var key = await scenario.Http.SendAsync(newKey);
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);

        // The same with an empty form body: a browser's form post names its type, and is refused.
        using var formKey = new HttpRequestMessage(HttpMethod.Post, $"api/users/{email}/keys")
        {
            Content = new FormUrlEncodedContent([]),
        };
        formKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DocketHost.AdminKey);
        using var refused = await scenario.Http.SendAsync(formKey);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
    }
}
