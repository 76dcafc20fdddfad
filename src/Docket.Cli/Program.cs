using Docket.Cli;

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops the command cleanly (an upload can be continued); a second one ends the process.
    e.Cancel = !interrupted.IsCancellationRequested;
    interrupted.Cancel();
};
return await DocketCli.RunAsync(args, CliEnvironment.FromProcess(), interrupted.Token);
