using System.Net;
using System.Text;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Http;

/// <summary>
/// Every problem names its kind in <c>code</c> and <c>type</c> (the URN of the code), so that programs stop reading
/// <c>detail</c>: each kind is caused here on purpose. A host of its own whose queue triggers are off (on an Azurite
/// of its own) keeps a finalized task's move pending.
/// </summary>
public sealed class ProblemCodeTests
{
    static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.JsonAsync())!;
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.Equal(ProblemCodes.TypeOf(code), problem["type"]!.GetValue<string>());
        Assert.Equal($"urn:docket:problem:{code}", problem["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_kind_of_problem_answers_its_code_and_type_and_the_client_reads_the_code()
    {
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var host = await DocketHost.StartAsync(storageConnectionString: azurite.ConnectionString);
        var scenario = await Scenario.StartAsync(host);
        var admin = scenario.OrgAdmin;
        var projectId = Scenario.UniqueId("codes");
        await scenario.ProjectAsync(projectId, reviewStages: 1);
        var labelerEmail = Scenario.UniqueEmail("labeler");
        var labeler = await scenario.MemberAsync(projectId, labelerEmail, "Member", ["Label"]);
        var stranger = await scenario.UserAsync(Scenario.UniqueEmail("stranger"));
        var ids = await Items.UploadAsync(admin, projectId,
            [Items.Entry("held", null, new { Label = labelerEmail }), Items.Entry("pooled")]);
        var tasks = $"api/projects/{projectId}/tasks";

        await AssertProblemAsync(await admin.PostAsync($"{tasks}/priority", new { changes = new[] { new { } } }),
            HttpStatusCode.BadRequest, ProblemCodes.Validation);
        await AssertProblemAsync(await scenario.Anonymous.GetAsync("api/me"), HttpStatusCode.Unauthorized,
            ProblemCodes.Unauthenticated);
        await AssertProblemAsync(await stranger.GetAsync("api/ops/queues"), HttpStatusCode.Forbidden,
            ProblemCodes.Forbidden);
        await AssertProblemAsync(await admin.GetAsync($"{tasks}/no-such-task"), HttpStatusCode.NotFound,
            ProblemCodes.NotFound);
        await AssertProblemAsync(await admin.PostAsync("api/projects",
                new { projectId, name = "again", reviewStages = 1 }),
            HttpStatusCode.Conflict, ProblemCodes.AlreadyExists);
        using (var text = new StringContent("name=x", Encoding.UTF8, "text/plain"))
            await AssertProblemAsync(await scenario.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, tasks +
                    "/assign")
            {
                Content = text,
                Headers = { Authorization = new("Bearer", admin.Key) },
            }), HttpStatusCode.UnsupportedMediaType, ProblemCodes.UnsupportedMediaType);

        var held = $"{tasks}/{ids["held"]}";
        await AssertProblemAsync(await admin.PostAsync($"{held}/resolve"), HttpStatusCode.Conflict,
            ProblemCodes.TaskState);
        await AssertProblemAsync(await admin.PostAsync($"{held}/move/retry"), HttpStatusCode.Conflict,
            ProblemCodes.NoPendingMove);
        await labeler.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, $"{held}/finalize");
        // Nobody takes stage-move messages from this Azurite: the move stays pending.
        await AssertProblemAsync(await labeler.PostAsync($"{held}/save"), HttpStatusCode.Conflict,
            ProblemCodes.PendingMove);

        var refused = await Assert.ThrowsAsync<DocketApiException>(() =>
            labeler.Docket.SaveTaskAsync(projectId, ids["held"]));
        Assert.Equal((HttpStatusCode.Conflict, ProblemCodes.PendingMove), (refused.Status, refused.Code));
    }

    [Fact]
    public void Every_problem_code_is_documented_in_the_api_contract()
    {
        var contract = File.ReadAllText(Path.Combine(TestStorage.RepositoryRoot, "docs", "api.md"));
        Assert.All(ProblemCodes.All, code => Assert.Contains($"| `{code}` |", contract));
        // The domain's refusal codes are API codes: the refusal's code is the problem's.
        Assert.All(typeof(Docket.Domain.Tasks.RefusalCodes).GetFields().Select(f => (string)f.GetValue(null)!),
            code => Assert.Contains(code, ProblemCodes.All));
    }
}
