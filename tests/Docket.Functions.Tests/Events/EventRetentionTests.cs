using Docket.Application.Events;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;
using Docket.Functions.Tests.Webhooks;
using Docket.LocalHost.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Events;

/// <summary>Events and webhook deliveries older than the retention are pruned; newer ones stay.</summary>
public sealed class EventRetentionTests
{
    [Fact]
    public async Task Feed_entries_and_ended_deliveries_past_the_retention_are_pruned()
    {
        var clock = new ShiftableClock();
        await using var azurite = await AzuriteProcess.StartInMemoryAsync(TestStorage.RepositoryRoot);
        await using var receiver = new WebhookReceiver();
        await using var host = await DocketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Docket:Events:Retention"] = "1.00:00:00",
            ["Docket:Webhooks:DispatchSchedule"] = "*/1 * * * * *",
            ["Docket:Webhooks:AllowInsecureTargets"] = "true",
        }, storageConnectionString: azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(clock));
        var scenario = await Scenario.StartAsync(host);
        var projectId = Scenario.UniqueId("retention");
        await scenario.ProjectAsync(projectId, reviewStages: 0);
        var admin = scenario.OrgAdmin.Docket;
        var webhook = await admin.CreateWebhookAsync(projectId,
            new CreateWebhookRequest(receiver.Url(projectId), ["task.created"]));
        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("a"), Items.Entry("b")]);
        await receiver.WaitForAsync(projectId, calls => calls.Count >= 2, "both task.created");
        await Eventually.HoldsAsync(async () => (await admin.GetEventsAsync(projectId)).Events.Count,
            count => count == 2, TimeSpan.FromSeconds(90), "both events in the feed");
        await Eventually.HoldsAsync(
            async () => (await admin.GetWebhookDeliveriesAsync(projectId, webhook.WebhookId)).Deliveries,
            deliveries => deliveries.Count == 2 && deliveries.All(d => d.Status == "Succeeded"),
            TimeSpan.FromSeconds(60), "both deliveries ended");

        var retention = host.Services.GetRequiredService<EventRetention>();
        Assert.Equal(new EventRetention.Report(0, 0), await retention.RunAsync(CancellationToken.None));

        clock.Advance(TimeSpan.FromDays(2));
        await Items.UploadAsync(scenario.OrgAdmin, projectId, [Items.Entry("c")]);
        var pruned = await retention.RunAsync(CancellationToken.None);

        Assert.Equal(new EventRetention.Report(2, 2), pruned);
        var left = await Eventually.HoldsAsync(async () => (await admin.GetEventsAsync(projectId)).Events,
            events => events.Count == 1, TimeSpan.FromSeconds(90), "only the new event in the feed");
        Assert.Equal("c", left[0].Task!.Name);
        var log = await Eventually.HoldsAsync(
            async () => (await admin.GetWebhookDeliveriesAsync(projectId, webhook.WebhookId)).Deliveries,
            deliveries => deliveries.Count == 1, TimeSpan.FromSeconds(60), "only the new delivery in the log");
        Assert.Equal(left[0].Id, log[0].EventId);
    }
}
