using System.CommandLine;

namespace Docket.Cli.Commands;

/// <summary>
/// completion bash|zsh|fish|pwsh: a script that asks docket itself what can come next (System.CommandLine's
/// <c>[suggest:POSITION]</c> directive), so completions always match the installed version's commands.
/// </summary>
public static class CompletionCommand
{
    static readonly Dictionary<string, string> Scripts = new()
    {
        ["bash"] = """
            # docket completion for bash: add to ~/.bashrc:  source <(docket completion bash)
            _docket_complete() {
              local IFS=$'\n'
              COMPREPLY=( $(docket "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
            }
            complete -o default -F _docket_complete docket
            """,
        ["zsh"] = """
            # docket completion for zsh: add to ~/.zshrc:  source <(docket completion zsh)
            _docket_complete() {
              local -a completions
              completions=("${(@f)$(docket "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
              compadd -a completions
            }
            compdef _docket_complete docket
            """,
        ["fish"] = """
            # docket completion for fish:  docket completion fish > ~/.config/fish/completions/docket.fish
            complete -c docket -f -a '(docket "[suggest:"(string length -- (commandline -cp))"]" (commandline -cp) 2>/dev/null)'
            """,
        ["pwsh"] = """
            # docket completion for PowerShell: add to $PROFILE:  docket completion pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName docket -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                docket "[suggest:$cursorPosition]" "$commandAst" 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }
            """,
    };

    public static Command Create(CliEnvironment environment)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh, fish or pwsh." };
        shell.AcceptOnlyFromAmong([.. Scripts.Keys]);
        var command = new Command("completion", CommonOptions.Describe(
            "Prints the shell's completion script for docket.",
            "source <(docket completion bash)", "docket completion fish > ~/.config/fish/completions/docket.fish"))
            { shell };
        command.SetAction(environment, context =>
        {
            context.Environment.Out.WriteLine(Scripts[context.Get(shell)]);
            context.Environment.Out.Flush();
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
