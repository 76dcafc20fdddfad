using System.CommandLine;
using Docket.Cli.Output;
using Spectre.Console;

namespace Docket.Cli.Commands;

/// <summary>events tail: the project's event feed, page after page, optionally following it.</summary>
public static class EventCommands
{
    static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(2);

    public static Command Create(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var types = new Option<string[]>("--type")
        {
            Description = "Only this event type, e.g. task.completed (repeat it).",
            AllowMultipleArgumentsPerToken = false,
        };
        var after = new Option<string?>("--after")
        {
            Description = "Go on from this cursor (printed at the end of the previous run).",
        };
        var follow = new Option<bool>("--follow", "-f")
        {
            Description = "Keep reading as new events come (until Ctrl+C).",
        };
        var tail = new Command("tail", CommonOptions.Describe(
            "Prints the project's events in commit order (project admins): a table, or one JSON object a line " +
            "with --output json.",
            "docket events tail brain-mri --follow --output json",
            "docket events tail brain-mri --type task.completed --after <cursor>"))
        {
            project, types, after, follow,
        };
        tail.SetAction(environment, async context =>
        {
            var cursor = context.Get(after);
            var filter = context.Get(types) is { Length: > 0 } list ? list : null;
            try
            {
                while (true)
                {
                    var page = await context.Client.GetEventsAsync(context.Get(project), cursor, filter,
                        cancellationToken: context.CancellationToken);
                    cursor = page.NextCursor;
                    if (page.Events.Count > 0)
                    {
                        if (context.Printer.Format == OutputFormat.Json)
                            foreach (var item in page.Events) context.Printer.WriteJsonLine(item);
                        else context.Printer.Rows(page.Events, Shapes.FeedEvent);
                        continue;
                    }
                    if (!context.Get(follow)) break;
                    await Task.Delay(FollowInterval, context.CancellationToken);
                }
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
            }
            // Where to go on from, for people and scripts alike, on the error stream so stdout stays NDJSON.
            context.Environment.Errors.WriteLine($"cursor: {cursor}");
            return ExitCodes.Ok;
        });
        return new Command("events", "The project's event feed.") { tail };
    }
}
