using System.CommandLine;
using Docket.Cli.Output;
using Docket.Client;
using Docket.Contracts;
using Spectre.Console;

namespace Docket.Cli.Commands;

/// <summary>assign, unassign and move: one call for the tasks named, with each task's outcome.</summary>
public static class BulkCommands
{
    public static Command Assign(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var to = new Option<string>("--to") { Description = "Who gets the tasks.", Required = true };
        var tasks = CommonOptions.Tasks();
        var command = new Command("assign",
            CommonOptions.Describe("Assigns or reassigns tasks to a member (project admins and managers).",
            "docket assign brain-mri --to lena@example.com study01 study02")) { project, to, tasks };
        command.SetAction(environment, async context =>
        {
            var outcomes = await context.Client.AssignTasksAsync(context.Get(project),
                context.Get(tasks).Select(CommonOptions.TaskId), context.Get(to),
                context.CancellationToken);
            return Report(context, outcomes, Shapes.Outcome<AssignOutcome>(new("name", o => o.Name), new("stage", o
                => o.StageName)));
        });
        return command;
    }

    public static Command Unassign(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var tasks = CommonOptions.Tasks();
        var command = new Command("unassign",
            CommonOptions.Describe("Sends tasks back to their stage's pool (project admins and managers).",
            "docket unassign brain-mri study02")) { project, tasks };
        command.SetAction(environment, async context =>
        {
            var outcomes = await context.Client.UnassignTasksAsync(context.Get(project),
                context.Get(tasks).Select(CommonOptions.TaskId),
                context.CancellationToken);
            return Report(context, outcomes, Shapes.Outcome<AssignOutcome>(new("name", o => o.Name), new("stage", o
                => o.StageName)));
        });
        return command;
    }

    public static Command Move(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var to = new Option<string>("--to") { Description = "The stage to send the tasks to.", Required = true };
        var tasks = CommonOptions.Tasks();
        var command = new Command("move", CommonOptions.Describe("Sends tasks to another stage (project admins).",
            "docket move brain-mri --to Review_1 study03")) { project, to, tasks };
        command.SetAction(environment, async context =>
        {
            var outcomes = await context.Client.MoveTasksAsync(context.Get(project),
                context.Get(tasks).Select(CommonOptions.TaskId), context.Get(to),
                context.CancellationToken);
            return Report(context, outcomes,
                Shapes.Outcome<MoveOutcome>(new("name", o => o.Name), new("from", o => o.FromStage), new("to", o
                    => o.ToStage)));
        });
        return command;
    }

    /// <summary>
    /// Prints each task's outcome and, for people, how many tasks had each; any refused or failed task makes the
    /// exit code a failure (the server answered 207).
    /// </summary>
    public static int Report<T>(CommandContext context, IReadOnlyList<T> outcomes, Column<T>[] columns) where T
        : IBulkOutcome
    {
        context.Printer.Rows(outcomes, columns);
        context.Printer.Note(Markup.Escape(Summary(outcomes)));
        return outcomes.Any(o => o.Outcome is "refused" or "failed") ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>"2 changed, 1 unchanged, 1 refused." in the server's order of outcomes.</summary>
    static string Summary<T>(IReadOnlyList<T> outcomes) where T : IBulkOutcome
    {
        string[] order = ["changed", "unchanged", "refused", "failed"];
        var counts = outcomes.GroupBy(o => o.Outcome ?? "changed")
            .OrderBy(g => Array.IndexOf(order, g.Key) is var i and >= 0 ? i : order.Length)
            .Select(g => $"{g.Count():N0} {g.Key}");
        return string.Join(", ", counts) + ".";
    }
}
