using System.Text;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Client;

public sealed class PagingTests
{
    [Fact]
    public async Task Walking_the_Data_Page_cursor_yields_every_task_once_in_order_across_pages()
    {
        var world = await ClientWorld.CreateAsync("cli-pages");
        var names = Enumerable.Range(0, 23).Select(i => $"page-{i:D2}").ToList();
        await world.Admin.UploadItemsAsync(world.ProjectId, Encoding.UTF8.GetBytes(Items.File(names.Select(n
            => Items.Entry(n)))));

        var pages = new List<TaskPage>();
        string? cursor = null;
        do
        {
            var page = await world.Admin.ListTasksAsync(world.ProjectId, new TaskQuery { Limit = 5, Cursor = cursor });
            pages.Add(page);
            cursor = page.NextCursor;
        } while (cursor is not null);
        var walked = new List<DocketTask>();
        await foreach (var task in world.Admin.EnumerateTasksAsync(world.ProjectId, new TaskQuery
        {
            Limit = 5,
            Sort = TaskSort.Queued
        }))
            walked.Add(task);

        Assert.Equal([5, 5, 5, 5, 3], pages.Select(p => p.Tasks.Count));
        Assert.Equal(names, pages.SelectMany(p => p.Tasks).Select(t => t.Name));
        Assert.Equal(names, walked.Select(t => t.Name));
    }

    [Fact]
    public async Task Walking_a_queue_yields_the_tasks_of_its_pages_in_work_order()
    {
        var world = await ClientWorld.CreateAsync("cli-qwalk");
        await world.UploadSampleAsync();
        await world.Lena.NextAsync(world.ProjectId, "Label");

        var page = await world.Lena.GetQueueAsync(world.ProjectId, "Label");
        var walked = new List<DocketTask>();
        await foreach (var task in world.Lena.EnumerateQueueAsync(world.ProjectId, "Label"))
            walked.Add(task);

        Assert.Equal(5, walked.Count);
        Assert.Equal(page.Tasks.Select(t => t.TaskId), walked.Select(t => t.TaskId));
        Assert.Equal("study01", walked[0].Name);
    }
}
