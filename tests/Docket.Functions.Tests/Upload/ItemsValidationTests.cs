using System.Net;
using System.Text.Json.Nodes;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Upload;

/// <summary>
/// Items files that used to crash, create bad tasks or flood the answer: over HTTP and through drops.
/// </summary>
public sealed class ItemsValidationTests
{
    const string AbsurdExponent = "1.123456789e-2147483648";

    static async Task<(Scenario Scenario, string ProjectId)> ProjectAsync()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("validation");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        return (scenario, projectId);
    }

    static async Task<JsonNode> ExpectInvalidAsync(ApiClient admin, string projectId, string file)
    {
        using var response = await admin.PostAsync($"api/projects/{projectId}/items", file);
        var body = (await response.JsonAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body.ToJsonString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    static (int Index, string? Name, string Field) Where(JsonNode? error) =>
        (error!["index"]!.GetValue<int>(), error["name"]?.GetValue<string>(), error["field"]!.GetValue<string>());

    [Fact]
    public async Task A_priority_with_an_absurd_exponent_is_400_naming_the_entry_and_a_binary_float_is_rounded()
    {
        var (scenario, projectId) = await ProjectAsync();

        var body = await ExpectInvalidAsync(scenario.OrgAdmin, projectId,
            Items.File([Items.Entry("fine", "0.5"), Items.Entry("absurd", AbsurdExponent)]));
        var error = Assert.Single(body["errors"]!.AsArray());
        Assert.Equal((1, "absurd", "priority"), Where(error));
        Assert.Contains("exponent", error!["message"]!.GetValue<string>());
        Assert.Equal(1, body["errorCount"]!.GetValue<int>());
        Assert.Empty(await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId));

        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("third", "0.3333333333333333"), Items.Entry("ten-decimals", "0.1234567891")]);
        var third = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks/{ids["third"]}"))!;
        Assert.Equal("0.333333333", third["priority"]!.ToJsonString());
        var ten = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks/{ids["ten-decimals"]}"))!;
        Assert.Equal("0.123456789", ten["priority"]!.ToJsonString());
    }

    [Fact]
    public async Task A_queue_drop_with_an_absurd_exponent_ends_in_a_failed_report_not_in_poison()
    {
        var (scenario, projectId) = await ProjectAsync();

        await UploadProbes.SendDropAsync(new JsonObject
        {
            ["projectId"] = projectId,
            ["items"] = JsonNode.Parse(
                Items.File([Items.Entry("drop-ok", "0.25"), Items.Entry("drop-absurd", AbsurdExponent)])),
        });

        var report = await UploadProbes.QueueDropReportAsync(projectId);
        Assert.Equal("Failed", report["status"]!.GetValue<string>());
        Assert.Equal(1, report["errorCount"]!.GetValue<int>());
        Assert.Equal((1, "drop-absurd", "priority"), Where(Assert.Single(report["errors"]!.AsArray())));
        Assert.Empty(await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId));
    }

    [Fact]
    public async Task Names_with_control_characters_or_over_1024_characters_are_400_naming_the_entry()
    {
        var (scenario, projectId) = await ProjectAsync();
        var longest = new string('n', 1024);

        var body = await ExpectInvalidAsync(scenario.OrgAdmin, projectId,
            Items.File([Items.Entry("bad\u0000name"), Items.Entry("fine"), Items.Entry(longest + "x"),
                Items.Entry("line\nbreak")]));
        var errors = body["errors"]!.AsArray();
        Assert.Equal([(0, "bad\u0000name", "name"), (2, longest + "x", "name"), (3, "line\nbreak", "name")],
            errors.Select(Where));
        Assert.Contains("control characters", errors[0]!["message"]!.GetValue<string>());
        Assert.Contains("at most 1024 characters", errors[1]!["message"]!.GetValue<string>());
        Assert.Empty(await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId));

        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry(longest)]);
        var task = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks/{ids[longest]}"))!;
        Assert.Equal(longest, task["name"]!.GetValue<string>());
    }

    static string NamelessEntries(int count) =>
        Items.File(
            Enumerable.Range(0, count).Select(i => (object)new { series = new[] { new { items = $"s3://x/{i}" } } }));

    [Fact]
    public async Task A_file_with_1500_invalid_entries_lists_the_first_1000_problems_and_counts_1500()
    {
        var (scenario, projectId) = await ProjectAsync();

        var body = await ExpectInvalidAsync(scenario.OrgAdmin, projectId, NamelessEntries(1_500));

        var errors = body["errors"]!.AsArray();
        Assert.Equal(1_000, errors.Count);
        Assert.Equal(Enumerable.Range(0, 1_000), errors.Select(e => e!["index"]!.GetValue<int>()));
        Assert.Equal(1_500, body["errorCount"]!.GetValue<int>());
        Assert.Contains("1,500 problems", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dropped_file_with_1500_invalid_entries_reports_the_first_1000_problems_and_counts_1500()
    {
        var (scenario, projectId) = await ProjectAsync();

        await (await UploadProbes.ContainerAsync(UploadProbes.DropsContainer))
            .UploadBlobAsync($"{projectId}/nameless.json", BinaryData.FromString(NamelessEntries(1_500)));

        var report = await UploadProbes.ReportAsync(projectId, "nameless.json");
        Assert.Equal("Failed", report["status"]!.GetValue<string>());
        Assert.Equal(1_000, report["errors"]!.AsArray().Count);
        Assert.Equal(1_500, report["errorCount"]!.GetValue<int>());
        Assert.Empty(await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId));
    }
}
