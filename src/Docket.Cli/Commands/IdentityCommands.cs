using System.CommandLine;
using Docket.Cli.Output;
using Docket.Cli.Profiles;
using Docket.Client;
using Docket.Contracts;
using Spectre.Console;

namespace Docket.Cli.Commands;

/// <summary>login, whoami, users and keys.</summary>
public static class IdentityCommands
{
    public static Command Login(CliEnvironment environment)
    {
        var url = new Option<string>("--url")
        {
            Description = "The Docket site, e.g. http://localhost:7071.",
            Required = true
        };
        // Never an option with the key itself: it would stay in the shell's history and in process listings.
        var keyFromStdin = new Option<bool>("--key-stdin")
        {
            Description = "Read the API key from standard input (first line) instead of asking for it.",
        };
        var command = new Command("login", CommonOptions.Describe(
            "Asks for your API key (hidden as you type), checks it against Docket and stores it as your profile, " +
            "readable by you alone (DOCKET_URL and DOCKET_KEY override it). Remote sites must use https.",
            "docket login --url https://docket.example.com",
            "pass show docket | docket login --url https://docket.example.com --key-stdin")) { url, keyFromStdin };
        command.SetAction(environment, async context =>
        {
            var key = context.Get(keyFromStdin)
                ? (await environment.In.ReadLineAsync(context.CancellationToken))?.Trim()
                : environment.IsInteractive
                    ? await new TextPrompt<string>("API key:").Secret().ShowAsync(environment.Console,
                        context.CancellationToken)
                    : throw new InvalidInputException(
                        "No terminal to ask for the key on: pipe it in with --key-stdin, or set DOCKET_KEY.");
            if (string.IsNullOrWhiteSpace(key)) throw new InvalidInputException("No API key was given.");
            var profile = new ConnectionProfile(ProfileStore.ParseUrl(context.Get(url)), key.Trim());
            using var client = context.ClientFor(profile);
            var me = await client.GetMeAsync(context.CancellationToken);
            context.Profiles.Save(profile);
            context.Printer.Note($"Logged in to {profile.Url} as [bold]{me.Email.EscapeMarkup()}[/] ({me.OrgRole}); "
                + $"profile in {context.Profiles.ProfilePath.EscapeMarkup()}.");
            if (context.Printer.Format != OutputFormat.Table) context.Printer.WriteJson(me);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Logout(CliEnvironment environment)
    {
        var command = new Command("logout", CommonOptions.Describe(
            "Removes the stored profile and the key in it (the key stays valid: revoke it with 'docket keys').",
            "docket logout", "docket logout --profile staging"));
        command.SetAction(environment, context =>
        {
            var removed = context.Profiles.Remove();
            context.Printer.Note(removed
                ? $"Logged out: removed {context.Profiles.ProfilePath.EscapeMarkup()}."
                : "No stored profile to remove.");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    public static Command WhoAmI(CliEnvironment environment)
    {
        var command = new Command("whoami", CommonOptions.Describe("Who you are to Docket, and your projects.",
            "docket whoami", "docket whoami --output json"));
        command.SetAction(environment, async context =>
        {
            var me = await context.Client.GetMeAsync(context.CancellationToken);
            context.Printer.Note($"[bold]{me.Email.EscapeMarkup()}[/] ({me.OrgRole})");
            context.Printer.Rows(me.Projects, [new("projectId", p => p.ProjectId), new("role", p => p.Role),
                new("stages", p => p.Stages)], me);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Users(CliEnvironment environment)
    {
        var email = CommonOptions.Email();
        var role = new Option<OrgRole>("--role")
        {
            Description = "Admin or Member.",
            DefaultValueFactory = _
            => OrgRole.Member
        };
        var put = new Command("put", CommonOptions.Describe("Creates a user or changes their org role (org admins).",
            "docket users put lena@example.com", "docket users put ada@example.com --role Admin")) { email, role };
        put.SetAction(environment, async context =>
        {
            var user = await context.Client.PutUserAsync(context.Get(email), context.Get(role),
                context.CancellationToken);
            context.Printer.Item(user, [new("email", u => u.Email), new("orgRole", u => u.OrgRole), new("createdAt",
                u => u.CreatedAt)]);
            return ExitCodes.Ok;
        });
        return new Command("users", "Manage users.") { put };
    }

    public static Command Keys(CliEnvironment environment)
    {
        var createEmail = CommonOptions.Email();
        var create = new Command("create", CommonOptions.Describe("Issues an API key; it is shown this once.",
            "docket keys create lena@example.com")) { createEmail };
        create.SetAction(environment, async context =>
        {
            var key = await context.Client.CreateApiKeyAsync(context.Get(createEmail),
                cancellationToken: context.CancellationToken);
            context.Printer.Item(key, [new("keyId", k => k.KeyId), new("key", k => k.Key), new("email", k => k.Email),
                new("createdAt", k => k.CreatedAt)]);
            context.Printer.Note("[yellow]The key is shown only now: store it safely.[/]");
            return ExitCodes.Ok;
        });

        var revokeEmail = CommonOptions.Email();
        var keyId = new Argument<string>("KEYID") { Description = "The key's id." };
        var revoke = new Command("revoke", CommonOptions.Describe("Revokes an API key.",
            "docket keys revoke lena@example.com k7f3a9c2"))
            { revokeEmail, keyId };
        revoke.SetAction(environment, async context =>
        {
            await context.Client.RevokeApiKeyAsync(context.Get(revokeEmail), context.Get(keyId),
                context.CancellationToken);
            context.Printer.Note("Revoked.");
            if (context.Printer.Format == OutputFormat.Json)
                context.Printer.WriteJson(new { revoked = context.Get(keyId) });
            return ExitCodes.Ok;
        });
        return new Command("keys", "Manage API keys.") { create, revoke };
    }
}
