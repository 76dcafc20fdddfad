using System.Text.Json.Nodes;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Client;
using Docket.Functions.Tests.Infrastructure;
using Docket.LocalHost.Azurite;

namespace Docket.Functions.Tests.Cli;

/// <summary>
/// The command line for the whole job: working on a task, the operator's commands, profiles, completion, streaming
/// and exit codes, each run against the local host.
/// </summary>
public sealed class CliOperationsTests
{
    static async Task<(ClientWorld World, CliSession Cli)> LoggedInAsync(string prefix)
    {
        var world = await ClientWorld.CreateAsync(prefix);
        var cli = new CliSession { StandardInput = DocketHost.AdminKey + "\n" };
        var login = await cli.RunAsync("login", "--url", world.Host.BaseAddress.ToString(), "--key-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());
        return (world, cli);
    }

    static JsonNode Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Out)!;
    }

    [Fact]
    public async Task A_labeler_saves_submits_raises_an_issue_and_finalizes_and_an_admin_resolves_from_the_cli()
    {
        var (world, admin) = await LoggedInAsync("cli-work");
        using var _ = admin;
        await world.UploadSampleAsync();
        var lenaKey = await world.Admin.CreateApiKeyAsync(ClientWorld.LenaEmail);
        using var lena = new CliSession { StandardInput = lenaKey.Key + "\n" };
        Assert.Equal(0, (await lena.RunAsync("login", "--url", world.Host.BaseAddress.ToString(), "--key-stdin"))
            .ExitCode);

        var taskId = Json(await lena.RunAsync("next", world.ProjectId, "Label", "-o", "json"))["taskId"]!
            .GetValue<string>();
        Assert.Equal("IN_PROGRESS", Json(await lena.RunAsync("tasks", "save", world.ProjectId, taskId, "-o",
            "json"))["status"]!.GetValue<string>());
        Assert.Equal("STAGED", Json(await lena.RunAsync("tasks", "submit", world.ProjectId, taskId, "-o",
            "json"))["status"]!.GetValue<string>());
        Assert.Equal("PROBLEM", Json(await lena.RunAsync("tasks", "issue", world.ProjectId, taskId, "--comment",
            "blank image", "-o", "json"))["status"]!.GetValue<string>());
        var refused = await lena.RunAsync("tasks", "finalize", world.ProjectId, taskId);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("409", refused.Console);
        Json(await admin.RunAsync("tasks", "resolve", world.ProjectId, taskId, "--comment", "replaced", "-o",
            "json"));
        var finalized = Json(await lena.RunAsync("tasks", "finalize", world.ProjectId, taskId, "-o", "json"));
        Assert.NotNull(finalized["pendingMove"]);
        var skipped = Json(await lena.RunAsync("next", world.ProjectId, "Label", "-o", "json"))["taskId"]!
            .GetValue<string>();
        Assert.Equal("SKIPPED", Json(await lena.RunAsync("tasks", "skip", world.ProjectId, skipped, "-o",
            "json"))["status"]!.GetValue<string>());
        Assert.Equal("UNASSIGNED", Json(await lena.RunAsync("tasks", "release", world.ProjectId, skipped, "-o",
            "json"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rebalance_reindex_and_health_run_for_operators_and_tasks_list_all_streams_ndjson()
    {
        var (world, cli) = await LoggedInAsync("cli-ops");
        using var _ = cli;
        await world.UploadSampleAsync();

        var rebalance = Json(await cli.RunAsync("rebalance", world.ProjectId, "-o", "json"));
        Assert.Equal(world.ProjectId, rebalance["projectId"]!.GetValue<string>());
        var reindex = Json(await cli.RunAsync("reindex", world.ProjectId, "--wait", "-o", "json"));
        Assert.Equal("Completed", reindex["status"]!.GetValue<string>());
        var health = Json(await cli.RunAsync("health", "--detail", "-o", "json"));
        Assert.Equal("Healthy", health["status"]!.GetValue<string>());
        Assert.Contains("stage-moves", health["queues"]!.AsArray().Select(q => q!["name"]!.GetValue<string>()));

        var streamed = await cli.RunAsync("tasks", "list", world.ProjectId, "--all", "--limit", "2", "-o", "json");
        Assert.Equal(0, streamed.ExitCode);
        var lines = streamed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.All(lines, line => Assert.NotNull(JsonNode.Parse(line)!["taskId"]));
    }

    [Fact]
    public async Task Named_profiles_are_kept_apart_and_logout_removes_one()
    {
        var (world, cli) = await LoggedInAsync("cli-profiles");
        using var _ = cli;
        var lenaKey = await world.Admin.CreateApiKeyAsync(ClientWorld.LenaEmail);
        cli.StandardInput = lenaKey.Key + "\n";
        Assert.Equal(0, (await cli.RunAsync("login", "--url", world.Host.BaseAddress.ToString(), "--key-stdin",
            "--profile", "lena")).ExitCode);

        Assert.Equal(DocketHost.AdminEmail, Json(await cli.RunAsync("whoami", "-o", "json"))["email"]!
            .GetValue<string>());
        Assert.Equal(ClientWorld.LenaEmail, Json(await cli.RunAsync("whoami", "--profile", "lena", "-o", "json"))
            ["email"]!.GetValue<string>());
        cli.Variables["DOCKET_PROFILE"] = "lena";
        Assert.Equal(ClientWorld.LenaEmail, Json(await cli.RunAsync("whoami", "-o", "json"))["email"]!
            .GetValue<string>());

        Assert.Equal(0, (await cli.RunAsync("logout")).ExitCode);
        Assert.False(File.Exists(Path.Combine(cli.ConfigFolder, "profile.lena.json")));
        Assert.True(File.Exists(Path.Combine(cli.ConfigFolder, "profile.json")));
        var loggedOut = await cli.RunAsync("whoami");
        Assert.True(loggedOut.ExitCode == 4, loggedOut.ToString());
        Assert.Contains("profile 'lena'", loggedOut.Console);
        Assert.Equal(2, (await cli.RunAsync("whoami", "--profile", "../etc")).ExitCode);
    }

    [Fact]
    public async Task A_refused_key_exits_4_an_unhealthy_service_5_and_completion_scripts_complete_commands()
    {
        var host = await DocketHost.SharedAsync();
        using var cli = new CliSession(new Dictionary<string, string?>
        {
            ["DOCKET_URL"] = host.BaseAddress.ToString(),
            ["DOCKET_KEY"] = "not-a-key-docket-knows-0123456789",
        });
        var refused = await cli.RunAsync("whoami");
        Assert.True(refused.ExitCode == 4, refused.ToString());

        var unreachable = AzuriteProcess.ConnectionStringFor(AzuriteProcess.FreePort(), AzuriteProcess.FreePort(),
            AzuriteProcess.FreePort());
        await using var down = await DocketHost.StartAsync(storageConnectionString: unreachable);
        cli.Variables["DOCKET_URL"] = down.BaseAddress.ToString();
        var unhealthy = await cli.RunAsync("health");
        Assert.True(unhealthy.ExitCode == 5, unhealthy.ToString());

        foreach (var shell in new[] { "bash", "zsh", "fish", "pwsh" })
        {
            var script = await cli.RunAsync("completion", shell);
            Assert.Equal(0, script.ExitCode);
            Assert.Contains("[suggest:", script.Out);
        }
        Assert.Equal(2, (await cli.RunAsync("completion", "tcsh")).ExitCode);
        // What the scripts run: docket answers what may come next on the line typed so far.
        var suggested = await cli.RunAsync("[suggest:13]", "docket tasks ");
        Assert.Equal(0, suggested.ExitCode);
        var words = suggested.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("finalize", words);
        Assert.Contains("list", words);
        Assert.Contains("--profile", words);
    }
}
