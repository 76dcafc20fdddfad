using System.CommandLine;
using Docket.Cli.Commands;
using Docket.Cli.Output;
using Docket.Client;
using Docket.Contracts;
using Spectre.Console;

namespace Docket.Cli;

/// <summary>The docket command line: each command a thin layer over Docket.Client.</summary>
public static class DocketCli
{
    public static RootCommand Build(CliEnvironment environment)
    {
        var root = new RootCommand(CommonOptions.Describe("The Docket command line.",
            "docket login --url http://localhost:7071 --key $KEY",
            "docket upload brain-mri items.json",
            "docket tasks list brain-mri --search UNASSIGNED --all --output csv",
            "docket next brain-mri Label"));
        root.Add(CommonOptions.Output);
        root.Add(CommonOptions.Profile);
        foreach (var command in new[]
                 {
                     IdentityCommands.Login(environment), IdentityCommands.Logout(environment),
                         IdentityCommands.WhoAmI(environment), ProjectCommands.Create(environment),
                     MemberCommands.Create(environment), IdentityCommands.Users(environment),
                         IdentityCommands.Keys(environment),
                     UploadCommand.Create(environment), TaskCommands.Create(environment),
                         BulkCommands.Assign(environment),
                     BulkCommands.Unassign(environment), BulkCommands.Move(environment),
                         PriorityCommand.Create(environment),
                     WorkCommands.Next(environment), WorkCommands.Queue(environment),
                         ProjectCommands.Stats(environment),
                     ProjectCommands.Check(environment), WebhookCommands.Create(environment),
                         EventCommands.Create(environment),
                     OperationsCommands.Ops(environment), OperationsCommands.Moves(environment),
                     OperationsCommands.Rebalance(environment), OperationsCommands.Reindex(environment),
                         OperationsCommands.Health(environment), UploadCommand.Uploads(environment),
                     CompletionCommand.Create(environment),
                 })
            root.Add(command);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment,
        CancellationToken cancellationToken = default)
    {
        var parse = Build(environment).Parse(args);
        // A directive ([suggest:N] from the completion scripts) answers even for a command line still being typed.
        var isDirective = args.Length > 0 && args[0].StartsWith('[');
        if (parse.Errors.Count > 0 && !isDirective)
        {
            foreach (var error in parse.Errors) environment.Errors.MarkupLineInterpolated($"[red]{error.Message}[/]");
            environment.Errors.MarkupLine("Run with --help for usage and examples.");
            return ExitCodes.InvalidInput;
        }
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Out,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        }, cancellationToken);
    }

    /// <summary>Runs a command's work, turning every failure into a message and the exit code for its kind.</summary>
    public static void SetAction(this Command command, CliEnvironment environment, Func<CommandContext,
        Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var context = new CommandContext(parse, environment, cancellationToken);
                return await action(context);
            }
            catch (DocketApiException exception)
            {
                var detail = exception.Detail is null ? "" : ": " + exception.Detail;
                environment.Errors.MarkupLineInterpolated($"[red]{(int)exception.Status} {exception.Title}[/]{detail}");
                if (exception.Errors.Count > 0)
                    new Printer(environment with { Console = environment.Errors },
                        OutputFormat.Table).Rows(exception.Errors, Shapes.Problem);
                return ExitCodes.For(exception);
            }
            catch (NotLoggedInException exception)
            {
                environment.Errors.MarkupLineInterpolated($"[red]{exception.Message}[/]");
                return ExitCodes.Unauthenticated;
            }
            catch (InvalidInputException exception)
            {
                environment.Errors.MarkupLineInterpolated($"[red]{exception.Message}[/]");
                return ExitCodes.InvalidInput;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                environment.Errors.MarkupLine("[yellow]Interrupted.[/]");
                return ExitCodes.Interrupted;
            }
            catch (Polly.Timeout.TimeoutRejectedException)
            {
                environment.Errors.MarkupLine("[red]Docket did not answer in time; try again later.[/]");
                return ExitCodes.TryAgainLater;
            }
            catch (HttpRequestException exception)
            {
                environment.Errors.MarkupLineInterpolated($"[red]Could not reach Docket: {exception.Message}[/]");
                return ExitCodes.Failure;
            }
        });
}
