using System.CommandLine;
using Docket.Cli.Output;
using Docket.Client;
using Docket.Contracts;

namespace Docket.Cli.Commands;

/// <summary>tasks list|show|events, and the work on one task (<see cref="TaskWorkCommands"/>).</summary>
public static class TaskCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var tasks = new Command("tasks", "The Data Page, one task, its audit trail, and the work on it.")
            { List(environment), Show(environment), Events(environment) };
        foreach (var work in TaskWorkCommands.Create(environment)) tasks.Add(work);
        return tasks;
    }

    static Command List(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var search = new Option<TaskSearch?>("--search")
        { Description = "All, Unassigned, Queued, Draft, Skipped, Completed, Failed, Issues or GroundTruth." };
        var stage = new Option<string?>("--stage") { Description = "Only this stage." };
        var stageKind = new Option<StageKind?>("--stage-kind")
        { Description = "Only stages of this kind: Label or Review." };
        var assignee = new Option<string?>("--assignee")
        { Description = "Only this person's tasks (an email, or me)." };
        var name = new Option<string?>("--name") { Description = "Only names starting with this." };
        var sort = new Option<TaskSort?>("--sort") { Description = "queued (work order, the default) or recent." };
        var limit = new Option<int?>("--limit") { Description = "Tasks per page (1-500)." };
        var cursor = new Option<string?>("--cursor") { Description = "Continue from a page's nextCursor." };
        var all = new Option<bool>("--all") { Description = "Walk every page." };
        var command = new Command("list",
            CommonOptions.Describe("Lists tasks with the Data Page's filters (members see their own).",
            "docket tasks list brain-mri --search UNASSIGNED --stage Label",
            "docket tasks list brain-mri --all --output csv > tasks.csv",
            "docket tasks list brain-mri --all --output json | jq .name   # NDJSON: one task a line",
            "docket tasks list brain-mri --assignee me --sort recent --output json"))
            { project, search, stage, stageKind, assignee, name, sort, limit, cursor, all };
        command.SetAction(environment, async context =>
        {
            var query = new TaskQuery
            {
                Search = context.Get(search),
                Stage = context.Get(stage),
                StageKind = context.Get(stageKind),
                Assignee = context.Get(assignee),
                NamePrefix = context.Get(name),
                Sort = context.Get(sort),
                Limit = context.Get(limit),
                Cursor = context.Get(cursor),
            };
            if (context.Get(all))
            {
                // Streamed: NDJSON or CSV rows as each page arrives, so a project of any size starts at once.
                await context.Printer.StreamRowsAsync(context.Client.EnumerateTasksAsync(context.Get(project), query,
                    context.CancellationToken), Shapes.Task);
                return ExitCodes.Ok;
            }
            var page = await context.Client.ListTasksAsync(context.Get(project), query, context.CancellationToken);
            context.Printer.Rows(page.Tasks, Shapes.Task, page);
            if (page.NextCursor is not null) context.Printer.Note($"More tasks: add [bold]--cursor "
                + $"{page.NextCursor}[/], or --all.");
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Show(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var task = CommonOptions.Task();
        var command = new Command("show", CommonOptions.Describe("One task.",
            "docket tasks show brain-mri study01")) { project, task };
        command.SetAction(environment, async context =>
        {
            var found = await context.Client.GetTaskAsync(context.Get(project),
                CommonOptions.TaskId(context.Get(task)), context.CancellationToken);
            context.Printer.Item(found, Shapes.TaskDetail);
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Events(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var task = CommonOptions.Task();
        var command = new Command("events", CommonOptions.Describe("A task's audit trail, oldest first.",
            "docket tasks events brain-mri study01"))
            { project, task };
        command.SetAction(environment, async context =>
        {
            var events = await context.Client.GetTaskEventsAsync(context.Get(project),
                CommonOptions.TaskId(context.Get(task)), context.CancellationToken);
            context.Printer.Rows(events, Shapes.Event);
            return ExitCodes.Ok;
        });
        return command;
    }
}
