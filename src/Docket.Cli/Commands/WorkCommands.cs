using System.CommandLine;
using Docket.Cli.Output;
using Docket.Client;
using Docket.Contracts;

namespace Docket.Cli.Commands;

/// <summary>next and queue: getting work.</summary>
public static class WorkCommands
{
    public static Command Next(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var stage = new Argument<string?>("STAGE")
        {
            Description = "The stage to take work from.",
            Arity = ArgumentArity.ZeroOrOne
        };
        var kind = new Option<StageKind?>("--kind")
        { Description = "Instead of a stage: any stage of this kind (Label or Review)." };
        var command = new Command("next",
            CommonOptions.Describe("Your next task: the head of your queue, topped up from the pool.",
            "docket next brain-mri Label", "docket next brain-mri --kind Review --output json")) { project, stage,
                kind };
        command.SetAction(environment, async context =>
        {
            var next = (context.Get(stage), context.Get(kind)) switch
            {
                ({ } stageName, null) => await context.Client.NextAsync(context.Get(project), stageName,
                    context.CancellationToken),
                (null, { } stageKind) => await context.Client.NextAsync(context.Get(project), stageKind,
                    context.CancellationToken),
                _ => throw new InvalidInputException("Give a STAGE or --kind, not both."),
            };
            if (next is null)
            {
                context.Printer.Note("No work left for you there.");
                if (context.Printer.Format == OutputFormat.Json) context.Printer.WriteJson(null);
                return ExitCodes.Ok;
            }
            context.Printer.Item(next, Shapes.TaskDetail);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Queue(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var stage = new Argument<string?>("STAGE") { Description = "The stage.", Arity = ArgumentArity.ZeroOrOne };
        var kind = new Option<StageKind?>("--kind") { Description = "Instead of a stage: every stage of this kind." };
        var assignee = new Option<string?>("--assignee")
        { Description = "Someone else's queue (project admins and managers)." };
        var command = new Command("queue", CommonOptions.Describe("A queue in work order (yours by default).",
            "docket queue brain-mri Label", "docket queue brain-mri Label --assignee lena@example.com --output csv"))
            { project, stage, kind, assignee };
        command.SetAction(environment, async context =>
        {
            var tasks = (context.Get(stage), context.Get(kind)) switch
            {
                ({ } stageName, null) => context.Client.EnumerateQueueAsync(context.Get(project), stageName,
                    context.Get(assignee), context.CancellationToken),
                (null, { } stageKind) => context.Client.EnumerateQueueAsync(context.Get(project), stageKind,
                    context.Get(assignee), context.CancellationToken),
                _ => throw new InvalidInputException("Give a STAGE or --kind, not both."),
            };
            await context.Printer.RowsAsync(tasks, Shapes.Task);
            return ExitCodes.Ok;
        });
        return command;
    }
}
