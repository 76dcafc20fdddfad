using System.Net;
using Docket.FaultHost;
using Docket.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Faults;

/// <summary>
/// Storage did the work and the reply was lost, so the SDK retried and the retry met the write it had just made
/// (409/412). The writer must recognise its own write: never treat it as a lost race and undo what it points to.
/// </summary>
public sealed class LostReplyTests : IAsyncLifetime
{
    readonly StorageFaults faults = new();
    RunningHost host = null!;

    public async Task InitializeAsync() =>
        host = await DocketHost.StartAsync(services: s => s.AddSingleton(faults.AsStoragePolicy()));

    public async Task DisposeAsync() => await host.DisposeAsync();

    async Task<(Scenario Scenario, string ProjectId, ApiClient Member, string Email)> ProjectAsync(string prefix,
        int queueSize)
    {
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId(prefix);
        await scenario.ProjectAsync(projectId, reviewStages: 0, new { queueSize });
        var email = Scenario.UniqueEmail("labeler");
        var member = await scenario.MemberAsync(projectId, email, "Member", ["Label"]);
        return (scenario, projectId, member, email);
    }

    [Fact]
    public async Task A_claim_whose_reply_was_lost_still_puts_the_task_in_the_claimers_queue()
    {
        var (scenario, projectId, member, _) = await ProjectAsync("lost-claim", queueSize: 1);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("only")]);

        faults.Add(StorageFaults.IsBatch, StorageFault.LoseReply);
        var next = await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/stages/Label/next");

        Assert.Equal(1, faults.Injected);
        Assert.Equal(ids["only"], next!["taskId"]!.GetValue<string>());
        Assert.Equal([ids["only"]], await QueueAsync(member, projectId));
        Assert.Equal(ids["only"], (await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/stages/Label/next"))!["taskId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_skip_whose_reply_was_lost_keeps_the_task_in_the_queue_at_its_new_place()
    {
        var (scenario, projectId, member, email) = await ProjectAsync("lost-skip", queueSize: 2);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("first", "0.9", new { Label = email }), Items.Entry("second", "0.5", new { Label = email })]);

        faults.Add(StorageFaults.IsBatch, StorageFault.LoseReply);
        var skipped = await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/{ids["first"]}/skip");

        Assert.Equal(1, faults.Injected);
        Assert.Equal("SKIPPED", skipped!["status"]!.GetValue<string>());
        Assert.Equal([ids["second"], ids["first"]], await QueueAsync(member, projectId));
    }

    [Fact]
    public async Task An_upload_whose_batch_reply_was_lost_creates_each_task_once_and_keeps_preassigned_ones_queued()
    {
        var (scenario, projectId, member, email) = await ProjectAsync("lost-create", queueSize: 5);

        faults.Add(StorageFaults.IsBatch, StorageFault.LoseReply, times: 2);
        var created = await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/items",
            Items.File([Items.Entry("mine", null, new { Label = email }), Items.Entry("pool")]));

        Assert.Equal(2, faults.Injected);
        Assert.Equal(2, created!["created"]!.AsArray().Count);
        Assert.Empty(created["existing"]!.AsArray());
        Assert.Equal(
            [created["created"]!.AsArray()
                .Single(t => t!["name"]!.GetValue<string>() == "mine")!["taskId"]!.GetValue<string>()],
            await QueueAsync(member, projectId));
    }

    [Fact]
    public async Task A_finalize_whose_reply_was_lost_answers_202_and_the_task_moves_on_once()
    {
        var (scenario, projectId, member, email) = await ProjectAsync("lost-finalize", queueSize: 1);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId,
            [Items.Entry("done", null, new { Label = email })]);
        // This host takes no messages: the shared one carries out the move.
        await DocketHost.SharedAsync();

        faults.Add(StorageFaults.IsBatch, StorageFault.LoseReply);
        var finalized = (await member.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/{ids["done"]}/finalize"))!;

        Assert.Equal(1, faults.Injected);
        Assert.NotNull(finalized["pendingMove"]);
        Assert.Empty(await QueueAsync(member, projectId));
        var arrived = await Eventually.HoldsAsync(() => scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK,
                HttpMethod.Get, $"api/projects/{projectId}/tasks/{ids["done"]}"),
            t => t!["pendingMove"] is null, TimeSpan.FromSeconds(60), "the move happens");
        Assert.Equal("Ground Truth", arrived!["stageName"]!.GetValue<string>());
        var entered = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
                $"api/projects/{projectId}/tasks/{ids["done"]}/events"))!.AsArray()
            .Count(e => e!["type"]!.GetValue<string>() == "enteredStage");
        Assert.Equal(1, entered);
    }

    [Fact]
    public async Task A_move_and_a_priority_change_whose_replies_were_lost_answer_changed_not_failed()
    {
        var (scenario, projectId, _, _) = await ProjectAsync("lost-bulk", queueSize: 1);
        var ids = await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a", "0.5"), Items.Entry("b")]);

        faults.Add(StorageFaults.IsBatch, StorageFault.LoseReply);
        var priority = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/priority",
            new { tasks = new[] { new { taskId = ids["a"], priority = 0.75 } } }))!;
        Assert.Equal(1, faults.Injected);
        Assert.Equal(("changed", "0.75"), (priority[0]!["outcome"]!.GetValue<string>(),
            priority[0]!["priority"]!.ToJsonString()));

        faults.Add(StorageFaults.IsBatch, StorageFault.LoseReply);
        var moved = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post,
            $"api/projects/{projectId}/tasks/move", new { taskIds = new[] { ids["b"] }, stageName = "Ground Truth" }))!;
        Assert.Equal(2, faults.Injected);
        Assert.Equal("changed", moved[0]!["outcome"]!.GetValue<string>());
        var events = (await scenario.OrgAdmin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/tasks/{ids["a"]}/events"))!.AsArray();
        Assert.Equal(1, events.Count(e => e!["type"]!.GetValue<string>() == "priorityChanged"));
    }

    static async Task<string[]> QueueAsync(ApiClient member, string projectId) =>
        (await member.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"api/projects/{projectId}/stages/Label/queue"))!["tasks"]!.AsArray()
        .Select(t => t!["taskId"]!.GetValue<string>()).ToArray();
}
