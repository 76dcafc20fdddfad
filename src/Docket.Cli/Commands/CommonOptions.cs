using System.CommandLine;
using Docket.Cli.Output;
using Docket.Client;
using Docket.Contracts;

namespace Docket.Cli.Commands;

/// <summary>Options and arguments several commands share.</summary>
public static class CommonOptions
{
    public static readonly Option<OutputFormat> Output = new("--output", "-o")
    {
        Description = "How to show results: table (for people), json or csv (for programs).",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public static readonly Option<string?> Profile = new("--profile")
    {
        Description = "Which stored profile to use (one per Docket site or key; DOCKET_PROFILE sets the default).",
        Recursive = true,
    };

    public static Argument<string> Project() => new("PROJECT") { Description = "The project id." };

    public static Argument<string> Email() => new("EMAIL") { Description = "The person's email." };

    /// <summary>A task by id or by name (ids are derived from names).</summary>
    public static Argument<string> Task() => new("TASK") { Description = "A task id, or a task name." };

    public static Argument<string[]> Tasks() => new("TASK")
    {
        Description = "Task ids or names.",
        Arity = ArgumentArity.OneOrMore
    };

    public static string TaskId(string idOrName) => TaskIds.IsTaskId(idOrName) ? idOrName : TaskIds.FromName(idOrName);

    /// <summary>A command's description followed by examples, as --help shows them.</summary>
    public static string Describe(string description, params string[] examples) =>
        description + "\n\nExamples:\n" + string.Join('\n', examples.Select(e => "  " + e));
}
