using System.Diagnostics;
using System.Net;
using System.Text;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;
using Docket.Functions.Tests.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Functions.Tests.Client;

public sealed class RetryTests
{
    [Fact]
    public async Task A_read_answered_503_is_retried_after_the_Retry_After_the_server_asked_for()
    {
        var host = await DocketHost.SharedAsync();
        var faults = new FaultInjector(1,
            TimeSpan.FromSeconds(1))
        { InnerHandler = new OpenApiConformanceHandler(new SocketsHttpHandler()) };
        // A plain client without dependency injection, with a back-off far shorter than Retry-After.
        using var client = DocketClient.Create(new DocketClientOptions
        {
            BaseAddress = host.BaseAddress,
            ApiKey = DocketHost.AdminKey,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        }, faults);

        var clock = Stopwatch.StartNew();
        var me = await client.GetMeAsync();

        Assert.Equal(DocketHost.AdminEmail, me.Email);
        Assert.Equal(2, faults.Attempts);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {clock.Elapsed}, before Retry-After");
    }

    [Fact]
    public async Task A_dropped_connection_on_a_read_is_retried()
    {
        var world = await ClientWorld.CreateAsync("cli-drop");
        var faults = new FaultInjector(2, TimeSpan.Zero, dropConnection: true);
        var client = TestClients.Create(world.Host, DocketHost.AdminKey, builder => builder.AddHttpMessageHandler(()
            => faults));

        var project = await client.GetProjectAsync(world.ProjectId);

        Assert.Equal(world.ProjectId, project.ProjectId);
        Assert.Equal(3, faults.Attempts);
    }

    [Fact]
    public async Task Next_is_never_retried_and_the_503_reaches_the_caller_with_its_Retry_After()
    {
        var world = await ClientWorld.CreateAsync("cli-noretry");
        await world.UploadSampleAsync();
        var faults = new FaultInjector(1, TimeSpan.FromSeconds(7));
        var key = await world.Admin.CreateApiKeyAsync(ClientWorld.LenaEmail);
        var lena = TestClients.Create(world.Host, key.Key, builder => builder.AddHttpMessageHandler(() => faults));

        var refused = await Assert.ThrowsAsync<DocketApiException>(() => lena.NextAsync(world.ProjectId, "Label"));
        var queue = await lena.GetQueueAsync(world.ProjectId, "Label");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(7)), (refused.Status,
            refused.RetryAfter!.Value));
        Assert.Equal(2, faults.Attempts);
        Assert.Equal(["study01"], queue.Tasks.Select(t => t.Name));
    }

    [Fact]
    public async Task An_upload_answered_503_is_sent_again_and_creates_each_task_once()
    {
        var world = await ClientWorld.CreateAsync("cli-upretry");
        var faults = new FaultInjector(1, TimeSpan.Zero);
        var admin = TestClients.Create(world.Host, DocketHost.AdminKey, builder => builder.AddHttpMessageHandler(()
            => faults));

        var result = await admin.UploadItemsAsync(world.ProjectId,
            Encoding.UTF8.GetBytes(TestData.Read("items-small.json")));
        var attempts = faults.Attempts;
        var tasks = await admin.ListTasksAsync(world.ProjectId, new TaskQuery { Limit = 500 });

        Assert.Equal((5, 0), (result.Created, result.Existing));
        Assert.Equal(2, attempts);
        Assert.Equal(5, tasks.Tasks.Select(t => t.Name).Distinct().Count());
        Assert.Equal(5, tasks.Tasks.Count);
    }
}
