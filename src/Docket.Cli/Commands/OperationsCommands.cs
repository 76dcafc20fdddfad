using System.CommandLine;
using Docket.Cli.Output;
using Spectre.Console;

namespace Docket.Cli.Commands;

/// <summary>
/// ops queues and poison (org admins); moves list|retry|cancel, rebalance, reindex (project admins); health.
/// </summary>
public static class OperationsCommands
{
    public static Command Rebalance(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var command = new Command("rebalance", CommonOptions.Describe(
            "Runs the rebalancing pass now: releases tasks held by people who left or lost the stage, heals moves.",
            "docket rebalance brain-mri")) { project };
        command.SetAction(environment, async context =>
        {
            context.Printer.Item(await context.Client.RebalanceAsync(context.Get(project), context.CancellationToken),
                Shapes.Rebalance);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Reindex(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var wait = new Option<bool>("--wait") { Description = "Wait until it has completed (progress on stderr)." };
        var command = new Command("reindex", CommonOptions.Describe(
            "Rebuilds the project's listing and counter rows in the background (safe beside work on the project); " +
            "asking again while it runs shows its progress.",
            "docket reindex brain-mri", "docket reindex brain-mri --wait")) { project, wait };
        command.SetAction(environment, async context =>
        {
            var projectId = context.Get(project);
            var run = await context.Client.ReindexAsync(projectId, context.CancellationToken);
            while (context.Get(wait) && run.Status != "Completed")
            {
                context.Environment.Errors.MarkupLineInterpolated(
                    $"[grey]reindex {run.ReindexId}: {run.ShardsDone}/{run.Shards} shards, {run.Indexed} tasks[/]");
                await Task.Delay(TimeSpan.FromSeconds(1), context.CancellationToken);
                run = await context.Client.GetReindexAsync(projectId, context.CancellationToken);
            }
            context.Printer.Item(run, Shapes.Reindex);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Health(CliEnvironment environment)
    {
        var detail = new Option<bool>("--detail")
        { Description = "Also the queues, poison messages and stuck moves (org admins)." };
        var command = new Command("health", CommonOptions.Describe(
            "Whether Docket and its storage answer; exit code 5 when not.",
            "docket health", "docket health --detail --output json")) { detail };
        command.SetAction(environment, async context =>
        {
            var report = await context.Client.GetHealthAsync(context.Get(detail), context.CancellationToken);
            if (context.Printer.Format == OutputFormat.Json) context.Printer.WriteJson(report);
            else
            {
                context.Printer.Item(report, Shapes.Health);
                if (report.Queues is { } queues) context.Printer.Rows(queues, Shapes.Queue);
                if (report.StuckMoves is { Count: > 0 } stuck)
                    context.Printer.Rows(stuck, [new("project", s => s.ProjectId), new("stuckMoves", s => s.Count)]);
            }
            return report.IsHealthy ? ExitCodes.Ok : ExitCodes.TryAgainLater;
        });
        return command;
    }

    public static Command Ops(CliEnvironment environment)
    {
        var queues = new Command("queues", CommonOptions.Describe(
            "Each Docket queue and its poison queue: approximate depth and the oldest message's age (org admins).",
            "docket ops queues", "docket ops queues --output json"));
        queues.SetAction(environment, async context =>
        {
            context.Printer.Rows(await context.Client.GetQueuesAsync(context.CancellationToken), Shapes.Queue);
            return ExitCodes.Ok;
        });
        return new Command("ops", "What an operator looks at first.") { queues, Poison(environment) };
    }

    /// <summary>ops poison list|replay|discard QUEUE.</summary>
    static Command Poison(CliEnvironment environment)
    {
        static Argument<string> Queue() => new("QUEUE") { Description = "A Docket queue, e.g. stage-moves." };
        var listQueue = Queue();
        var list = new Command("list", CommonOptions.Describe(
            "The front of the queue's poison queue (up to 32 messages, left where they are).",
            "docket ops poison list stage-moves")) { listQueue };
        list.SetAction(environment, async context =>
        {
            context.Printer.Rows(await context.Client.GetPoisonMessagesAsync(context.Get(listQueue),
                context.CancellationToken), Shapes.PoisonMessage);
            return ExitCodes.Ok;
        });
        var replayQueue = Queue();
        var replay = new Command("replay", CommonOptions.Describe(
            "Puts the poisoned messages back on their queue (up to 1,000 a call).",
            "docket ops poison replay stage-moves")) { replayQueue };
        replay.SetAction(environment, async context =>
        {
            context.Printer.Item(await context.Client.ReplayPoisonMessagesAsync(context.Get(replayQueue),
                context.CancellationToken), Shapes.PoisonOutcome);
            return ExitCodes.Ok;
        });
        var discardQueue = Queue();
        var discard = new Command("discard", CommonOptions.Describe(
            "Drops the poisoned messages for good (up to 1,000 a call).",
            "docket ops poison discard stage-moves")) { discardQueue };
        discard.SetAction(environment, async context =>
        {
            context.Printer.Item(await context.Client.DiscardPoisonMessagesAsync(context.Get(discardQueue),
                context.CancellationToken), Shapes.PoisonOutcome);
            return ExitCodes.Ok;
        });
        return new Command("poison", "A queue's poisoned messages (org admins).") { list, replay, discard };
    }

    public static Command Moves(CliEnvironment environment)
    {
        var listProject = CommonOptions.Project();
        var stuck = new Option<bool>("--stuck") { Description = "Only moves waiting longer than StuckAfter." };
        var list = new Command("list", CommonOptions.Describe(
            "The project's pending stage moves, the longest waiting first (every page).",
            "docket moves list brain-mri --stuck")) { listProject, stuck };
        list.SetAction(environment, async context =>
        {
            await context.Printer.RowsAsync(context.Client.EnumeratePendingMovesAsync(context.Get(listProject),
                context.Get(stuck), context.CancellationToken), Shapes.PendingMove);
            return ExitCodes.Ok;
        });

        var (retryProject, retryTask) = (CommonOptions.Project(), CommonOptions.Task());
        var retry = new Command("retry", CommonOptions.Describe("Sends a pending move again now.",
            "docket moves retry brain-mri scan-0042")) { retryProject, retryTask };
        retry.SetAction(environment, async context =>
        {
            context.Printer.Item(await context.Client.RetryMoveAsync(context.Get(retryProject),
                CommonOptions.TaskId(context.Get(retryTask)), context.CancellationToken), Shapes.TaskDetail);
            return ExitCodes.Ok;
        });

        var (cancelProject, cancelTask) = (CommonOptions.Project(), CommonOptions.Task());
        var cancel = new Command("cancel", CommonOptions.Describe(
            "Gives up a pending move: the task stays where it was.",
            "docket moves cancel brain-mri scan-0042")) { cancelProject, cancelTask };
        cancel.SetAction(environment, async context =>
        {
            context.Printer.Item(await context.Client.CancelMoveAsync(context.Get(cancelProject),
                CommonOptions.TaskId(context.Get(cancelTask)), context.CancellationToken), Shapes.TaskDetail);
            return ExitCodes.Ok;
        });
        return new Command("moves", "A project's pending stage moves (project admins).") { list, retry, cancel };
    }
}
