using System.CommandLine;
using Docket.Cli.Output;
using Docket.Client;
using Docket.Contracts;

namespace Docket.Cli.Commands;

/// <summary>members add|remove|list.</summary>
public static class MemberCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var addProject = CommonOptions.Project();
        var addEmail = CommonOptions.Email();
        var role = new Option<ProjectRole>("--role")
        {
            Description = "Admin, Manager or Member.",
            DefaultValueFactory = _ => ProjectRole.Member
        };
        var stages = new Option<string[]>("--stage")
        {
            Description = "A stage a member may work in (repeat it; all work stages when none is given).",
            AllowMultipleArgumentsPerToken = false,
        };
        var add = new Command("add",
            CommonOptions.Describe("Adds a member or changes their role (project admins); the user must exist.",
            "docket members add brain-mri lena@example.com --stage Label",
            "docket members add brain-mri omar@example.com --role Manager")) { addProject, addEmail, role, stages };
        add.SetAction(environment, async context =>
        {
            var member = await context.Client.PutMemberAsync(context.Get(addProject), context.Get(addEmail),
                new PutMemberRequest(context.Get(role))
                {
                    Stages = context.Get(stages) is { Length: > 0 } list ? list
                    : null
                },
                context.CancellationToken);
            context.Printer.Item(member, Shapes.Member);
            return ExitCodes.Ok;
        });

        var removeProject = CommonOptions.Project();
        var removeEmail = CommonOptions.Email();
        var remove = new Command("remove",
            CommonOptions.Describe("Removes a member (project admins); their automatic assignments go back.",
            "docket members remove brain-mri lena@example.com")) { removeProject, removeEmail };
        remove.SetAction(environment, async context =>
        {
            await context.Client.RemoveMemberAsync(context.Get(removeProject), context.Get(removeEmail),
                context.CancellationToken);
            context.Printer.Note("Removed.");
            if (context.Printer.Format == OutputFormat.Json)
                context.Printer.WriteJson(new { removed = context.Get(removeEmail) });
            return ExitCodes.Ok;
        });

        var listProject = CommonOptions.Project();
        var list = new Command("list", CommonOptions.Describe("The project's members (project admins and managers).",
            "docket members list brain-mri --output csv")) { listProject };
        list.SetAction(environment, async context =>
        {
            context.Printer.Rows(await context.Client.ListMembersAsync(context.Get(listProject),
                context.CancellationToken), Shapes.Member);
            return ExitCodes.Ok;
        });
        return new Command("members", "Manage a project's members.") { add, remove, list };
    }
}
