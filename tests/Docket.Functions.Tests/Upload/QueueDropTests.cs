using System.Text.Json.Nodes;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Upload;

public sealed class QueueDropTests
{
    [Fact]
    public async Task A_message_carrying_items_creates_its_tasks_and_a_queue_report()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("queuedrop");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var labeller = Scenario.UniqueEmail("labeller");
        await scenario.MemberAsync(projectId, labeller, "Member", ["Label"]);

        await UploadProbes.SendDropAsync(new JsonObject
        {
            ["projectId"] = projectId,
            ["items"] = JsonNode.Parse(Items.File([Items.Entry("q-a", "0.75"), Items.Entry("q-b"),
                Items.Entry("q-c", null, new { Label = labeller })])),
        });

        var report = await UploadProbes.QueueDropReportAsync(projectId);
        Assert.Equal("Completed", report["status"]!.GetValue<string>());
        Assert.Equal(3, report["created"]!.GetValue<int>());
        Assert.Equal(0, report["existing"]!.GetValue<int>());

        var tasks = (await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId))
            .ToDictionary(t => t.Name);
        Assert.Equal(["q-a", "q-b", "q-c"], tasks.Keys.Order());
        Assert.Equal(0.75m, tasks["q-a"].Priority);
        Assert.Equal(labeller, tasks["q-c"].Assignee);
        Assert.Equal("preAssign", tasks["q-c"].AssignedBy);
    }

    [Fact]
    public async Task A_message_naming_a_blob_in_items_drops_ingests_that_blob()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("queuedrop");

        // Every blob under items-drops/{projectId}/ also fires the blob trigger. Dropped before the project exists, the
        // blob trigger can only report the project missing, so the tasks below are the queue message's work.
        var drops = await UploadProbes.ContainerAsync(UploadProbes.DropsContainer);
        await drops.UploadBlobAsync($"{projectId}/other.json",
            BinaryData.FromString(Items.File([Items.Entry("o-a"), Items.Entry("o-b", "0.1")])));
        var early = await UploadProbes.ReportAsync(projectId, "other.json");
        Assert.Equal("Failed", early["status"]!.GetValue<string>());
        Assert.Equal("projectId", early["errors"]![0]!["field"]!.GetValue<string>());
        await (await UploadProbes.ContainerAsync(UploadProbes.ResultsContainer))
            .DeleteBlobAsync($"{projectId}/other.json");

        await scenario.ProjectAsync(projectId, reviewStages: 0);
        await UploadProbes.SendDropAsync(new JsonObject { ["projectId"] = projectId, ["blob"] = "other.json" });

        var report = await UploadProbes.ReportAsync(projectId, "other.json");
        Assert.Equal("Completed", report["status"]!.GetValue<string>());
        Assert.Equal(2, report["created"]!.GetValue<int>());
        Assert.Equal(0, report["existing"]!.GetValue<int>());
        var tasks = await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId);
        Assert.Equal(["o-a", "o-b"], UploadProbes.Names(tasks));
    }

    [Fact]
    public async Task A_message_naming_a_missing_blob_gets_a_failed_report_and_creates_nothing()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("queuedrop");
        await scenario.ProjectAsync(projectId, reviewStages: 0);

        await UploadProbes.SendDropAsync(new JsonObject { ["projectId"] = projectId, ["blob"] = "missing.json" });

        var report = await UploadProbes.ReportAsync(projectId, "missing.json");
        Assert.Equal("Failed", report["status"]!.GetValue<string>());
        Assert.Equal("blob", Assert.Single(report["errors"]!.AsArray())!["field"]!.GetValue<string>());
        Assert.Empty(await UploadProbes.DataPageAsync(scenario.OrgAdmin, projectId));
    }

    [Fact]
    public async Task A_drop_message_set_aside_as_poison_gets_a_failed_report_saying_so()
    {
        var scenario = await Scenario.StartAsync();
        var projectId = Scenario.UniqueId("poisondrop");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var message = new JsonObject
        {
            ["projectId"] = projectId,
            ["items"] = JsonNode.Parse(Items.File([Items.Entry("p-a")])),
        };

        // As the host sets a message aside after its last failed delivery.
        await UploadProbes.SendDropAsync(message.ToJsonString(), queueName: "items-drops-poison");

        var report = await UploadProbes.QueueDropReportAsync(projectId);
        Assert.Equal("Failed", report["status"]!.GetValue<string>());
        Assert.Equal("$", report["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Contains("items-drops-poison", report["errors"]![0]!["message"]!.GetValue<string>());
    }
}
