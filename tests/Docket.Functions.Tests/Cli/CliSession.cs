using Docket.Cli;
using Docket.Functions.Tests.OpenApi;
using Spectre.Console;

namespace Docket.Functions.Tests.Cli;

/// <summary>What one run of the command line printed, and its exit code.</summary>
/// <param name="Out">The plain output (json, csv).</param>
/// <param name="Console">What it showed people: tables, notes, errors.</param>
public sealed record CliResult(int ExitCode, string Out, string Console)
{
    public override string ToString() => $"exit {ExitCode}\n--- out ---\n{Out}\n--- console ---\n{Console}";
}

/// <summary>
/// Runs the real docket command in this process, as a user with their own config folder (a temp folder) and
/// environment variables; its HTTP answers are checked against the OpenAPI document like every test's.
/// </summary>
public sealed class CliSession : IDisposable
{
    public CliSession(IDictionary<string, string?>? variables = null)
    {
        ConfigFolder = Directory.CreateTempSubdirectory("docket-cli-").FullName;
        Variables = new Dictionary<string, string?>(variables ?? new Dictionary<string, string?>())
        {
            ["DOCKET_CONFIG_DIR"] = ConfigFolder,
        };
    }

    public string ConfigFolder { get; }
    public Dictionary<string, string?> Variables { get; }

    /// <summary>What the next run reads from standard input.</summary>
    public string StandardInput { get; set; } = "";

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public async Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var shown = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(shown),
        });
        console.Profile.Width = 240;
        var environment = new CliEnvironment(console, output, name => Variables.GetValueOrDefault(name))
        {
            CreateHandler = () => new OpenApiConformanceHandler(new SocketsHttpHandler()),
            In = new StringReader(StandardInput),
        };
        var exitCode = await DocketCli.RunAsync(args, environment, cancellationToken);
        return new CliResult(exitCode, output.ToString(), shown.ToString());
    }

    public void Dispose() => Directory.Delete(ConfigFolder, recursive: true);
}
