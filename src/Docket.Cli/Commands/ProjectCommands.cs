using System.CommandLine;
using Docket.Cli.Output;
using Docket.Client;
using Docket.Contracts;

namespace Docket.Cli.Commands;

/// <summary>projects create|list|show|set, stats and check.</summary>
public static class ProjectCommands
{
    public static Command Create(CliEnvironment environment)
    {
        return new Command("projects", "Create, list, show and change projects.")
        {
            CreateProject(environment), List(environment), Show(environment), Set(environment),
        };
    }

    static Command CreateProject(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var name = new Option<string>("--name") { Description = "The project's name.", Required = true };
        var reviewStages = new Option<int>("--review-stages")
        { Description = "Review stages after Label (0-6).", DefaultValueFactory = _ => 0 };
        var queueSize = new Option<int?>("--queue-size") { Description = "Tasks a person holds per stage (1-100)." };
        var idleTimeout = new Option<int?>("--idle-timeout")
        { Description = "Minutes before an idle person's tasks go back." };
        var shards = new Option<int?>("--shards") { Description = "Storage partitions (1-32), fixed at creation." };
        var manual = new Option<bool>("--no-auto-assign") { Description = "Hand out tasks only by hand." };
        var command = new Command("create", CommonOptions.Describe("Creates a project (org admins).",
            "docket projects create brain-mri --name \"Brain MRI\" --review-stages 1"))
            { project, name, reviewStages, queueSize, idleTimeout, shards, manual };
        command.SetAction(environment, async context =>
        {
            var created = await context.Client.CreateProjectAsync(new CreateProjectRequest(context.Get(project),
                context.Get(name), context.Get(reviewStages))
            {
                QueueSize = context.Get(queueSize),
                IdleTimeoutMinutes = context.Get(idleTimeout),
                ShardCount = context.Get(shards),
                AutoAssign = context.Get(manual) ? false : null,
            }, context.CancellationToken);
            Print(context.Printer, created);
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command List(CliEnvironment environment)
    {
        var command = new Command("list", CommonOptions.Describe("Your projects (every project for org admins).",
            "docket projects list"));
        command.SetAction(environment, async context =>
        {
            context.Printer.Rows(await context.Client.ListProjectsAsync(context.CancellationToken), Shapes.Project);
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Show(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var command = new Command("show", CommonOptions.Describe("A project and its stages.",
            "docket projects show brain-mri")) { project };
        command.SetAction(environment, async context =>
        {
            Print(context.Printer, await context.Client.GetProjectAsync(context.Get(project),
                context.CancellationToken));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Set(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var stage = new Option<string?>("--stage")
        { Description = "Change this stage's settings instead of the project's." };
        var name = new Option<string?>("--name") { Description = "The project's name." };
        var idleTimeout = new Option<int?>("--idle-timeout")
        { Description = "Minutes before an idle person's tasks go back." };
        var autoAssign = new Option<bool?>("--auto-assign")
        { Description = "true or false: hand out tasks automatically." };
        var queueSize = new Option<int?>("--queue-size")
        { Description = "With --stage: tasks a person holds (1-100)." };
        var reviewPercent = new Option<decimal?>("--review-percent")
        { Description = "With --stage (review stages): the share reviewed, 0-1." };
        var maxSkipped = new Option<int?>("--max-skipped")
        { Description = "With --stage: how many tasks one person may hold skipped there (1-1000)." };
        var skipHold = new Option<int?>("--skip-hold-minutes")
        { Description = "With --stage: minutes an automatic hold may stay skipped before rebalancing frees it." };
        var command = new Command("set",
            CommonOptions.Describe("Changes a project's or a stage's settings (project admins).",
            "docket projects set brain-mri --stage Label --queue-size 10",
            "docket projects set brain-mri --stage Review_1 --review-percent 0.2",
            "docket projects set brain-mri --name \"Brain MRI 2\" --auto-assign false"))
            { project, stage, name, idleTimeout, autoAssign, queueSize, reviewPercent, maxSkipped,
                skipHold };
        command.SetAction(environment, async context =>
        {
            var client = context.Client;
            Project updated;
            if (context.Get(stage) is { } stageName)
            {
                updated = await client.UpdateStageAsync(context.Get(project), stageName, new UpdateStageRequest
                {
                    AutoAssign = context.Get(autoAssign),
                    QueueSize = context.Get(queueSize),
                    ReviewPercent = context.Get(reviewPercent),
                    MaxSkipped = context.Get(maxSkipped),
                    SkipHoldMinutes = context.Get(skipHold),
                }, context.CancellationToken);
            }
            else
            {
                if (context.Get(queueSize) is not null || context.Get(reviewPercent) is not null
                    || context.Get(maxSkipped) is not null || context.Get(skipHold) is not null)
                    throw new InvalidInputException("--queue-size, --review-percent, --max-skipped and "
                        + "--skip-hold-minutes are stage settings: name the stage with --stage.");
                updated = await client.UpdateProjectAsync(context.Get(project), new UpdateProjectRequest
                {
                    Name = context.Get(name),
                    IdleTimeoutMinutes = context.Get(idleTimeout),
                    AutoAssign = context.Get(autoAssign),
                }, context.CancellationToken);
            }
            Print(context.Printer, updated);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Stats(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var byAssignee = new Option<bool>("--by-assignee") { Description = "Also count each person's tasks." };
        var command = new Command("stats", CommonOptions.Describe("Task counts by stage and status.",
            "docket stats brain-mri --by-assignee"))
            { project, byAssignee };
        command.SetAction(environment, async context =>
        {
            var stats = await context.Client.GetStatsAsync(context.Get(project), context.Get(byAssignee),
                context.CancellationToken);
            var rows = stats.Stages.Select(s => (Who: "", Stage: s))
                .Concat((stats.Assignees ?? []).SelectMany(a => a.Stages.Select(s => (Who: a.Email, Stage: s))));
            string[] statuses = ["UNASSIGNED", "ASSIGNED", "IN_PROGRESS", "STAGED", "SKIPPED", "PROBLEM", "COMPLETED"];
            context.Printer.Rows(rows,
                [new("assignee", r => r.Who), new("stage", r => r.Stage.StageName),
                 .. statuses.Select(status => new Column<(string Who, StageCounts Stage)>(status, r
                     => r.Stage.Counts.GetValueOrDefault(status))),
                 new("total", r => r.Stage.Total)], stats);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Check(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var repair = new Option<bool>("--repair") { Description = "Repair what can be repaired." };
        var command = new Command("check",
            CommonOptions.Describe("Checks that every task of the project is in exactly one place (project admins).",
            "docket check brain-mri", "docket check brain-mri --repair")) { project, repair };
        command.SetAction(environment, async context =>
        {
            var check = await context.Client.CheckProjectAsync(context.Get(project), context.Get(repair),
                cancellationToken: context.CancellationToken);
            context.Printer.Note($"{check.Tasks} tasks checked; {check.Problems.Count} problems, "
                + $"{check.RepairedCount} repaired.");
            context.Printer.Rows(check.Problems,
                [new("invariant", p => p.Invariant), new("taskId", p => p.TaskId), new("detail", p => p.Detail),
                    new("repaired", p => p.Repaired)], check);
            return check.Problems.All(p => p.Repaired) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    static void Print(Printer printer, Project project)
    {
        if (printer.Format == OutputFormat.Table)
        {
            printer.Item(project, Shapes.Project);
            printer.Rows(project.Stages, Shapes.Stage);
        }
        else printer.Item(project, Shapes.Project);
    }
}
