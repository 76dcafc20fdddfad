using System.Net;
using System.Text;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Client;

public sealed class UploadClientTests
{
    [Fact]
    public async Task A_small_file_is_ingested_in_the_request_reporting_progress_and_a_rerun_creates_nothing()
    {
        var world = await ClientWorld.CreateAsync("cli-up");
        var file = Encoding.UTF8.GetBytes(TestData.Read("items-small.json"));
        var progress = new RecordedProgress<UploadProgress>();

        var first = await world.Admin.UploadItemsAsync(world.ProjectId, file, progress);
        var again = await world.Admin.UploadItemsAsync(world.ProjectId, new MemoryStream(file));

        Assert.Equal(("Completed", 5, 5, 0), (first.Status, first.Total, first.Created, first.Existing));
        Assert.Equal((0, 5), (again.Created, again.Existing));
        Assert.All(first.CreatedTasks, t => Assert.Equal(TaskIds.FromName(t.Name), t.TaskId));
        Assert.Equal(first.CreatedTasks.OrderBy(t => t.Name), again.ExistingTasks.OrderBy(t => t.Name));
        Assert.Equal([UploadPhase.Validating, UploadPhase.Completed], progress.Reports.Select(r => r.Phase).Distinct());
        Assert.Equal((5, 5, file.Length), (progress.Reports.Last().TasksDone, progress.Reports.Last().TotalTasks,
            (int)progress.Reports.Last().BytesSent));
    }

    [Fact]
    public async Task An_invalid_file_is_refused_with_every_problem_named_by_entry()
    {
        var world = await ClientWorld.CreateAsync("cli-bad");

        var refused = await Assert.ThrowsAsync<DocketApiException>(() =>
            world.Admin.UploadItemsAsync(world.ProjectId, Encoding.UTF8.GetBytes(TestData.Read("items-invalid.json"))));
        var tasks = await world.Admin.ListTasksAsync(world.ProjectId);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], refused.Errors.Select(e => e.Index!.Value).Order());
        Assert.Equal(7, refused.ErrorCount);
        Assert.Contains(refused.Errors, e => e is { Index: 3, Name: "too-high", Field: "priority" });
        Assert.Empty(tasks.Tasks);
    }

    [Fact]
    public async Task An_unknown_upload_is_not_found()
    {
        var world = await ClientWorld.CreateAsync("cli-upid");

        var missing = await Assert.ThrowsAsync<DocketApiException>(() => world.Admin.GetUploadAsync(world.ProjectId,
            "no-such-upload"));

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }
}
