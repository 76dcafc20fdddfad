using System.CommandLine;
using Docket.Cli.Output;
using Docket.Client;
using Docket.Contracts;

namespace Docket.Cli.Commands;

/// <summary>tasks save|submit|skip|release|issue|resolve|finalize: working on a task, as the Label and Review buttons do.
/// </summary>
public static class TaskWorkCommands
{
    public static IEnumerable<Command> Create(CliEnvironment environment)
    {
        yield return Act(environment, "save", "Saves your work on the task (IN_PROGRESS).",
            (client, p, t, ct) => client.SaveTaskAsync(p, t, ct));
        yield return Act(environment, "submit", "Submits the task (STAGED, still yours to finalize).",
            (client, p, t, ct) => client.SubmitTaskAsync(p, t, ct));
        yield return Act(environment, "skip", "Skips the task: it goes to the end of your queue.",
            (client, p, t, ct) => client.SkipTaskAsync(p, t, ct));
        yield return Act(environment, "release", "Gives the task back to the stage's pool (a draft is discarded).",
            (client, p, t, ct) => client.ReleaseTaskAsync(p, t, ct));
        yield return Issue(environment);
        yield return Resolve(environment);
        yield return Finalize(environment);
    }

    static Command Act(CliEnvironment environment, string name, string description,
        Func<DocketClient, string, string, CancellationToken, Task<DocketTask>> act)
    {
        var (project, task) = (CommonOptions.Project(), CommonOptions.Task());
        var command = new Command(name, CommonOptions.Describe(description, $"docket tasks {name} brain-mri study01"))
            { project, task };
        command.SetAction(environment, async context =>
        {
            context.Printer.Item(await act(context.Client, context.Get(project),
                CommonOptions.TaskId(context.Get(task)), context.CancellationToken), Shapes.TaskDetail);
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Issue(CliEnvironment environment)
    {
        var (project, task) = (CommonOptions.Project(), CommonOptions.Task());
        var comment = new Option<string>("--comment") { Description = "What is wrong.", Required = true };
        var command = new Command("issue", CommonOptions.Describe(
            "Raises an issue on the task: it leaves your queue until an admin resolves it.",
            "docket tasks issue brain-mri study01 --comment \"image is blank\"")) { project, task, comment };
        command.SetAction(environment, async context =>
        {
            context.Printer.Item(await context.Client.RaiseIssueAsync(context.Get(project),
                CommonOptions.TaskId(context.Get(task)), context.Get(comment), context.CancellationToken),
                Shapes.TaskDetail);
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Resolve(CliEnvironment environment)
    {
        var (project, task) = (CommonOptions.Project(), CommonOptions.Task());
        var comment = new Option<string?>("--comment") { Description = "How it was resolved." };
        var command = new Command("resolve", CommonOptions.Describe(
            "Resolves the task's issue: it goes back to the same person (project admins and managers).",
            "docket tasks resolve brain-mri study01 --comment \"replaced the image\"")) { project, task, comment };
        command.SetAction(environment, async context =>
        {
            context.Printer.Item(await context.Client.ResolveIssueAsync(context.Get(project),
                CommonOptions.TaskId(context.Get(task)), context.Get(comment), context.CancellationToken),
                Shapes.TaskDetail);
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Finalize(CliEnvironment environment)
    {
        var (project, task) = (CommonOptions.Project(), CommonOptions.Task());
        var review = new Option<ReviewDecision?>("--review")
        { Description = "In a review stage: Accept or Reject (none in a Label stage)." };
        var command = new Command("finalize", CommonOptions.Describe(
            "Completes your stage of the task; it moves on to the next stage in the background.",
            "docket tasks finalize brain-mri study01", "docket tasks finalize brain-mri study01 --review Reject"))
            { project, task, review };
        command.SetAction(environment, async context =>
        {
            context.Printer.Item(await context.Client.FinalizeTaskAsync(context.Get(project),
                CommonOptions.TaskId(context.Get(task)), context.Get(review), context.CancellationToken),
                Shapes.TaskDetail);
            return ExitCodes.Ok;
        });
        return command;
    }
}
