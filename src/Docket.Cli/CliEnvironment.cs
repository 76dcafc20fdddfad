using Spectre.Console;

namespace Docket.Cli;

/// <summary>
/// What a command talks to besides the API: the console for people (tables, progress, colour when it is a
/// terminal), the plain output for machines (json, csv), and the environment variables.
/// </summary>
public sealed record CliEnvironment(IAnsiConsole Console, TextWriter Out, Func<string, string?> Variable)
{
    /// <summary>Where errors go (standard error for the process), so that json and csv output stay parseable.</summary>
    public IAnsiConsole Errors { get; init; } = Console;

    /// <summary>Standard input, where <c>login --key-stdin</c> reads the key.</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>What sends HTTP requests; null for the default. Tests put a checking handler here.</summary>
    public Func<HttpMessageHandler>? CreateHandler { get; init; }

    public static CliEnvironment FromProcess() => new(AnsiConsole.Console, System.Console.Out,
        Environment.GetEnvironmentVariable)
    {
        Errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) }),
        In = System.Console.In,
    };

    /// <summary>Live progress and colour only where a person watches a terminal.</summary>
    public bool IsInteractive => Console.Profile.Capabilities.Interactive && Console.Profile.Capabilities.Ansi;
}
