using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Upload;

public sealed class BlobDropTests
{
    static async Task<(Scenario Scenario, string ProjectId, string Labeller)> ProjectAsync()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("blobdrop");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var labeller = Scenario.UniqueEmail("labeller");
        await scenario.MemberAsync(projectId, labeller, "Member", ["Label"]);
        return (scenario, projectId, labeller);
    }

    static string SmallFile(string labeller) =>
        Items.File([Items.Entry("drop-a", "0.25"), Items.Entry("drop-b"),
            Items.Entry("drop-c", null, new { Label = labeller })]);

    static async Task DropAsync(string projectId, string path, string content) =>
        await (await UploadProbes.ContainerAsync(UploadProbes.DropsContainer))
            .UploadBlobAsync($"{projectId}/{path}", BinaryData.FromString(content));

    [Fact]
    public async Task A_file_dropped_in_items_drops_creates_its_tasks_and_a_completed_report()
    {
        var (scenario, projectId, labeller) = await ProjectAsync();
        await DropAsync(projectId, "batch-1.json", SmallFile(labeller));

        var report = await UploadProbes.ReportAsync(projectId, "batch-1.json");
        Assert.Equal("Completed", report["status"]!.GetValue<string>());
        Assert.Equal(3, report["total"]!.GetValue<int>());
        Assert.Equal(3, report["created"]!.GetValue<int>());
        Assert.Equal(0, report["existing"]!.GetValue<int>());
        Assert.Empty(report["errors"]!.AsArray());

        var tasks = (await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId))
            .ToDictionary(t => t.Name);
        Assert.Equal(["drop-a", "drop-b", "drop-c"], tasks.Keys.Order());
        Assert.Equal(0.25m, tasks["drop-a"].Priority);
        Assert.Equal("UNASSIGNED", tasks["drop-b"].Status);
        Assert.Equal(labeller, tasks["drop-c"].Assignee);
        Assert.Equal("preAssign", tasks["drop-c"].AssignedBy);
    }

    [Fact]
    public async Task An_invalid_dropped_file_gets_a_failed_report_with_every_error_and_creates_nothing()
    {
        var (scenario, projectId, _, _) = await UploadTests.SampleProjectAsync();
        await DropAsync(projectId, "broken.json", TestData.Read("items-invalid.json"));

        var report = await UploadProbes.ReportAsync(projectId, "broken.json");
        Assert.Equal("Failed", report["status"]!.GetValue<string>());
        Assert.Equal(0, report["created"]!.GetValue<int>());
        var errors = report["errors"]!.AsArray();
        Assert.Equal(7, errors.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], errors.Select(e => e!["index"]!.GetValue<int>()).Order());
        Assert.All(errors, e =>
        {
            Assert.False(string.IsNullOrEmpty(e!["field"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(e["message"]!.GetValue<string>()));
        });

        Assert.Empty(await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId));
    }

    [Fact]
    public async Task The_same_content_dropped_again_under_another_name_creates_nothing_and_reports_all_existing()
    {
        var (scenario, projectId, labeller) = await ProjectAsync();
        var file = SmallFile(labeller);
        await DropAsync(projectId, "batch-1.json", file);
        var first = await UploadProbes.ReportAsync(projectId, "batch-1.json");
        Assert.Equal(3, first["created"]!.GetValue<int>());
        var before = await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId);

        await DropAsync(projectId, "batch-2.json", file);
        var second = await UploadProbes.ReportAsync(projectId, "batch-2.json");
        Assert.Equal("Completed", second["status"]!.GetValue<string>());
        Assert.Equal(3, second["total"]!.GetValue<int>());
        Assert.Equal(0, second["created"]!.GetValue<int>());
        Assert.Equal(3, second["existing"]!.GetValue<int>());

        var after = await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId);
        Assert.Equal(before.Select(t => t.TaskId).Order(),
            after.Select(t => t.TaskId).Order());
        Assert.Equal(before.Select(t => t.UpdatedAt).Order(),
            after.Select(t => t.UpdatedAt).Order());
    }
}
