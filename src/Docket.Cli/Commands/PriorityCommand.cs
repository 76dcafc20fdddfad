using System.CommandLine;
using Docket.Cli.Output;
using Docket.Client;
using Docket.Contracts;
using Spectre.Console;

namespace Docket.Cli.Commands;

/// <summary>priority set: the reference's update_tasks_priority from a file, sent in batches of 1,000.</summary>
public static class PriorityCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var file = new Option<string>("--file")
        {
            Description = "A CSV (name or taskId, priority) or JSON file.",
            Required = true
        };
        var set = new Command("set", CommonOptions.Describe(
            "Sets task priorities from a file, 1,000 tasks a call, and shows each task's outcome. An empty or null "
                + "priority clears it.",
            "docket priority set brain-mri --file priorities.csv",
            "docket priority set brain-mri --file priorities.json --output json")) { project, file };
        set.SetAction(environment, async context =>
        {
            var changes = PriorityFile.Read(context.Get(file));
            var batches = changes.Chunk(DocketClient.MaxTasksPerCall).ToList();
            var outcomes = new List<PriorityOutcome>();
            async Task SendAsync(Action<int> sent)
            {
                foreach (var batch in batches)
                {
                    outcomes.AddRange(await context.Client.SetPrioritiesAsync(context.Get(project), batch,
                        context.CancellationToken));
                    sent(batch.Length);
                }
            }
            if (context.Environment.IsInteractive && context.Printer.Format == OutputFormat.Table)
            {
                await context.Printer.Console.Progress().StartAsync(async progress =>
                {
                    var bar = progress.AddTask($"{changes.Count:N0} priorities", maxValue: changes.Count);
                    await SendAsync(count => bar.Increment(count));
                });
            }
            else await SendAsync(_ => { });
            context.Printer.Note($"{outcomes.Count:N0} tasks in {batches.Count} "
                + $"call{(batches.Count == 1 ? "" : "s")}.");
            return BulkCommands.Report(context, outcomes, Shapes.Outcome<PriorityOutcome>(new("name", o => o.Name),
                new("priority", o => o.Priority)));
        });
        return new Command("priority", "Task priorities.") { set };
    }
}
