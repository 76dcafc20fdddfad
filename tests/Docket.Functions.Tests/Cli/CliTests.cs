using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Client;
using Docket.Contracts;
using Docket.Functions.Tests.Client;
using Docket.Functions.Tests.Infrastructure;

namespace Docket.Functions.Tests.Cli;

public sealed class CliTests
{
    static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    /// <summary>A world of the sample files and a CLI session logged in as its org admin.</summary>
    static async Task<(ClientWorld World, CliSession Cli)> LoggedInAsync(string prefix)
    {
        var world = await ClientWorld.CreateAsync(prefix);
        var cli = new CliSession { StandardInput = DocketHost.AdminKey + "\n" };
        var login = await cli.RunAsync("login", "--url", world.Host.BaseAddress.ToString(), "--key-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());
        return (world, cli);
    }

    [Fact]
    public async Task Login_stores_the_profile_that_whoami_uses_and_the_environment_overrides_it()
    {
        var (world, cli) = await LoggedInAsync("cli-login");
        using var _ = cli;
        var key = await world.Admin.CreateApiKeyAsync(ClientWorld.LenaEmail);

        var admin = await cli.RunAsync("whoami", "--output", "json");
        cli.Variables["DOCKET_KEY"] = key.Key;
        var lena = await cli.RunAsync("whoami", "--output", "json");

        var path = Path.Combine(cli.ConfigFolder, "profile.json");
        var profile = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(DocketHost.AdminKey, profile["key"]!.GetValue<string>());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(["profile.json"], Directory.GetFiles(cli.ConfigFolder).Select(Path.GetFileName));
        Assert.Equal(DocketHost.AdminEmail, JsonNode.Parse(admin.Out)!["email"]!.GetValue<string>());
        Assert.Equal(ClientWorld.LenaEmail, JsonNode.Parse(lena.Out)!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Uploading_the_small_sample_creates_its_five_tasks()
    {
        var (world, cli) = await LoggedInAsync("cli-upsmall");
        using var _ = cli;

        var upload = await cli.RunAsync("upload", world.ProjectId, Sample("items-small.json"), "--output", "json");
        var again = await cli.RunAsync("upload", world.ProjectId, Sample("items-small.json"));

        Assert.True(upload.ExitCode == 0, upload.ToString());
        var result = JsonNode.Parse(upload.Out)!;
        Assert.Equal(("Completed", 5, 0), (result["status"]!.GetValue<string>(), result["created"]!.GetValue<int>(),
            result["existing"]!.GetValue<int>()));
        Assert.Equal(0, again.ExitCode);
        Assert.Matches(@"existing\s*│\s*5", again.Console);
    }

    [Fact]
    public async Task Uploading_the_invalid_sample_shows_every_problem_in_a_table_and_exits_2()
    {
        var (world, cli) = await LoggedInAsync("cli-upbad");
        using var _ = cli;

        var upload = await cli.RunAsync("upload", world.ProjectId, Sample("items-invalid.json"));

        Assert.Equal(2, upload.ExitCode);
        Assert.Contains("400 The request is invalid", upload.Console);
        Assert.Matches(@"entry\s*│\s*name\s*│\s*field\s*│\s*message", upload.Console);
        foreach (var name in new[] { "empty-items", "too-high", "not-a-number", "bad-stage", "stranger", "ok-entry" })
            Assert.Contains(name, upload.Console);
        Assert.Empty((await world.Admin.ListTasksAsync(world.ProjectId)).Tasks);
    }

    [Fact]
    public async Task Tasks_list_writes_json_and_csv_walking_every_page()
    {
        var (world, cli) = await LoggedInAsync("cli-list");
        using var _ = cli;
        await world.UploadSampleAsync();

        var json = await cli.RunAsync("tasks", "list", world.ProjectId, "--search", "Unassigned", "--output", "json");
        var csv = await cli.RunAsync("tasks", "list", world.ProjectId, "--all", "--limit", "2", "--output", "csv");

        Assert.Equal(0, json.ExitCode);
        var page = JsonNode.Parse(json.Out)!;
        Assert.Equal(["study02", "study03", "study04", "xray-legacy-05"], page["tasks"]!.AsArray().Select(t
            => t!["name"]!.GetValue<string>()));
        Assert.Null(page["nextCursor"]);
        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("taskId,name,stage,status,assignee,priority,queuedAt,updatedAt", lines[0]);
        Assert.Equal(["study01", "study02", "study03", "study04", "xray-legacy-05"], lines[1..].Select(l
            => l.Split(',')[1]).Order());
        Assert.Contains(lines, l
            => l.StartsWith($"{TaskIds.FromName("study03")},study03,Label,UNASSIGNED,,0.123456789,"));
    }

    [Fact]
    public async Task Login_takes_no_key_on_the_command_line_and_refuses_plain_http_to_another_machine()
    {
        using var cli = new CliSession { StandardInput = DocketHost.AdminKey + "\n" };

        var withKey = await cli.RunAsync("login", "--url", "http://localhost:7071", "--key", DocketHost.AdminKey);
        var remote = await cli.RunAsync("login", "--url", "http://docket.example.com", "--key-stdin");
        var noTerminal = await cli.RunAsync("login", "--url", "http://localhost:7071");

        Assert.NotEqual(0, withKey.ExitCode);
        Assert.Equal(2, remote.ExitCode);
        Assert.Contains("https", remote.Console);
        Assert.Equal(2, noTerminal.ExitCode);
        Assert.Contains("--key-stdin", noTerminal.Console);
        Assert.False(File.Exists(Path.Combine(cli.ConfigFolder, "profile.json")));
    }

    [Fact]
    public async Task Csv_output_neutralises_cells_a_spreadsheet_would_run_as_formulas()
    {
        var (world, cli) = await LoggedInAsync("cli-csvf");
        using var _ = cli;
        await world.Admin.UploadItemsAsync(world.ProjectId, new MemoryStream(Encoding.UTF8.GetBytes(
            """[{"name":"=HYPERLINK(\"http://x\")","series":[{"items":"s"}]},{"name":"@SUM(1)","series":[{"items":"s"}]}]""")));

        var csv = await cli.RunAsync("tasks", "list", world.ProjectId, "--output", "csv");

        Assert.Equal(0, csv.ExitCode);
        Assert.True(csv.Out.Contains("'=HYPERLINK", StringComparison.Ordinal), csv.Out);
        Assert.True(csv.Out.Contains(",\"'@SUM(1)\",", StringComparison.Ordinal), csv.Out);
        Assert.DoesNotContain(",=HYPERLINK", csv.Out);
        Assert.DoesNotContain(",\"=HYPERLINK", csv.Out);
    }

    [Fact]
    public async Task Priority_set_from_the_sample_csv_sets_each_task_and_shows_its_outcome()
    {
        var (world, cli) = await LoggedInAsync("cli-prio");
        using var _ = cli;
        await world.UploadSampleAsync();

        var set = await cli.RunAsync("priority", "set", world.ProjectId, "--file", Sample("priorities.csv"));

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("5 tasks in 1 call", set.Console);
        var tasks = (await world.Admin.ListTasksAsync(world.ProjectId)).Tasks.ToDictionary(t => t.Name, t
            => t.Priority);
        Assert.Equal(0.95m, tasks["study01"]);
        Assert.Equal(0.32m, tasks["study03"]);
        Assert.Equal(0.333333333m, tasks["study04"]);
        Assert.Null(tasks["xray-legacy-05"]);
    }

    [Fact]
    public async Task Priority_set_sends_values_as_written_and_shows_each_tasks_outcome()
    {
        var (world, cli) = await LoggedInAsync("cli-prio-out");
        using var _ = cli;
        await world.UploadSampleAsync();
        var file = Path.Combine(cli.ConfigFolder, "priorities.csv");
        await File.WriteAllTextAsync(file, "name,priority\nstudy02,0.25\nstudy03,0.123456789\nstudy04,0.1234567895\n");

        var set = await cli.RunAsync("priority", "set", world.ProjectId, "--file", file);
        var json = await cli.RunAsync("priority", "set", world.ProjectId, "--file", file, "--output", "json");

        Assert.True(set.ExitCode == 0, set.ToString());
        // The server rounds to the billionth, half to even, and answers the stored value.
        Assert.Matches(@"study04\s*│\s*0\.12345679\s*│\s*changed", set.Console);
        Assert.Matches(@"study03\s*│\s*0\.123456789\s*│\s*unchanged", set.Console);
        Assert.Contains("2 changed, 1 unchanged.", set.Console);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(["unchanged", "unchanged", "unchanged"], JsonNode.Parse(json.Out)!.AsArray()
            .Select(o => o!["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Assign_shows_a_refused_task_with_its_reason_and_exits_1()
    {
        var (world, cli) = await LoggedInAsync("cli-assign-ref");
        using var _ = cli;
        await world.UploadSampleAsync();
        await world.StartMoveThatNeverAppliesAsync(TaskIds.FromName("study03"));

        var assign = await cli.RunAsync("assign", world.ProjectId, "--to", ClientWorld.LenaEmail, "study02",
            "study03");

        Assert.True(assign.ExitCode == 1, assign.ToString());
        Assert.Matches(@"study02\s*│\s*Label\s*│\s*changed", assign.Console);
        Assert.Matches(@"study03\s*│\s*Label\s*│\s*refused\s*│[^│\n]*moving", assign.Console);
        Assert.Contains("1 changed, 1 refused.", assign.Console);
    }

    [Fact]
    public async Task Next_by_kind_takes_review_work_from_any_review_stage()
    {
        var (world, cli) = await LoggedInAsync("cli-kind");
        using var _ = cli;
        await world.UploadSampleAsync();
        var key = await world.Admin.CreateApiKeyAsync(ClientWorld.RamiEmail);
        cli.Variables["DOCKET_KEY"] = key.Key;

        var nothing = await cli.RunAsync("next", world.ProjectId, "--kind", "Review");
        await world.Admin.MoveTasksAsync(world.ProjectId, [TaskIds.FromName("study04")], "Review_1");
        await Eventually.HoldsAsync(() => world.Admin.GetTaskAsync(world.ProjectId, TaskIds.FromName("study04")),
            t => t.StageName == "Review_1" && t.PendingMove is null, because: "the move is carried out by the queue");
        var next = await cli.RunAsync("next", world.ProjectId, "--kind", "Review", "--output", "json");
        var both = await cli.RunAsync("next", world.ProjectId, "Review_1", "--kind", "Review");

        Assert.True(nothing.ExitCode == 0, nothing.ToString());
        Assert.Contains("No work left for you there.", nothing.Console);
        Assert.True(next.ExitCode == 0, next.ToString());
        var task = JsonNode.Parse(next.Out)!;
        Assert.Equal(("study04", "Review_1", ClientWorld.RamiEmail), (task["name"]!.GetValue<string>(),
            task["stageName"]!.GetValue<string>(), task["assignee"]!.GetValue<string>()));
        Assert.Equal(2, both.ExitCode);
    }

    [Fact]
    public async Task Projects_set_renames_a_project_and_switches_off_auto_assign_in_every_work_stage()
    {
        var (world, cli) = await LoggedInAsync("cli-set");
        using var _ = cli;

        var set = await cli.RunAsync("projects", "set", world.ProjectId, "--name", "Knee CT", "--auto-assign",
            "false", "--idle-timeout", "20", "--output", "json");
        var table = await cli.RunAsync("projects", "set", world.ProjectId, "--auto-assign", "true");

        Assert.True(set.ExitCode == 0, set.ToString());
        var project = JsonNode.Parse(set.Out)!;
        Assert.Equal(("Knee CT", 20), (project["name"]!.GetValue<string>(),
            project["idleTimeoutMinutes"]!.GetValue<int>()));
        Assert.Equal([false, false, null], project["stages"]!.AsArray()
            .Select(s => s!["autoAssign"]?.GetValue<bool>()));
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"name\s*│\s*Knee CT", table.Console);
        Assert.Equal([true, true, null], (await world.Admin.GetProjectAsync(world.ProjectId)).Stages
            .Select(s => s.AutoAssign));
    }

    [Fact]
    public async Task Assign_by_name_then_next_as_the_assignee_gives_the_best_task_of_their_queue()
    {
        var (world, cli) = await LoggedInAsync("cli-assign");
        using var _ = cli;
        await world.UploadSampleAsync();
        var key = await world.Admin.CreateApiKeyAsync(ClientWorld.LenaEmail);

        var assign = await cli.RunAsync("assign", world.ProjectId, "--to", ClientWorld.LenaEmail, "study04",
            TaskIds.FromName("study02"),
            "--output", "json");
        cli.Variables["DOCKET_KEY"] = key.Key;
        var next = await cli.RunAsync("next", world.ProjectId, "Label", "--output", "json");
        var queue = await cli.RunAsync("queue", world.ProjectId, "Label", "--output", "csv");

        Assert.True(assign.ExitCode == 0, assign.ToString());
        Assert.Equal(["study02", "study04"], JsonNode.Parse(assign.Out)!.AsArray().Select(a
            => a!["name"]!.GetValue<string>()).Order());
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal("study01", JsonNode.Parse(next.Out)!["name"]!.GetValue<string>());
        var queued = queue.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..].Select(l
            => l.Split(',')[1]).ToList();
        Assert.Equal("study01", queued[0]);
        Assert.Contains("study02", queued);
        Assert.Contains("study04", queued);
    }

    [Fact]
    public async Task Exit_codes_say_what_went_wrong_and_help_shows_examples()
    {
        var (_, cli) = await LoggedInAsync("cli-codes");
        using var _ = cli;

        var notFound = await cli.RunAsync("projects", "show", "no-such-project");
        var badArguments = await cli.RunAsync("tasks", "list");
        var missingFile = await cli.RunAsync("upload", "some-project", "/no/such/file.json");
        var help = await cli.RunAsync("upload", "--help");

        Assert.Equal(3, notFound.ExitCode);
        Assert.Contains("404", notFound.Console);
        Assert.Equal(2, badArguments.ExitCode);
        Assert.Equal(2, missingFile.ExitCode);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("docket upload brain-mri items.json", help.Out);
    }

    [Fact]
    public async Task An_upload_interrupted_while_ingesting_continues_when_run_again_and_creates_every_task_once()
    {
        var (world, cli) = await LoggedInAsync("cli-resume");
        using var _ = cli;
        const int count = 6_000;
        var names = Enumerable.Range(0, count).Select(i => $"scan-{i:D5}").ToList();
        var file = Path.Combine(cli.ConfigFolder, "large.json");
        await File.WriteAllTextAsync(file, Items.File(names.Select(n => Items.Entry(n))));
        var states = Path.Combine(cli.ConfigFolder, "uploads");

        using var interrupt = new CancellationTokenSource();
        var first = cli.RunAsync(interrupt.Token, "upload", world.ProjectId, file);
        await Eventually.HoldsAsync(() => first.IsCompleted || Directory.Exists(states) && Directory.GetFiles(states,
            "*.json").Length > 0,
            TimeSpan.FromSeconds(60), "the server accepts the large upload and the CLI notes its id");
        interrupt.Cancel();
        var interrupted = await first;
        var state = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(states, "*.json").Single()))!;
        // Waiting for the upload by its id, as a script would after starting it elsewhere.
        var waited = await cli.RunAsync("uploads", "wait", world.ProjectId, state["uploadId"]!.GetValue<string>(),
            "--output", "json");
        var resumed = await cli.RunAsync("upload", world.ProjectId, file, "--output", "json");

        Assert.True(interrupted.ExitCode == 130, interrupted.ToString());
        Assert.Contains("Interrupted", interrupted.Console);
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Equal(("Completed", count), (JsonNode.Parse(waited.Out)!["status"]!.GetValue<string>(),
            JsonNode.Parse(waited.Out)!["created"]!.GetValue<int>()));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var result = JsonNode.Parse(resumed.Out)!;
        var uploadId = state["uploadId"]!.GetValue<string>();
        Assert.Equal((uploadId, count, 0), (result["uploadId"]!.GetValue<string>(),
            result["created"]!.GetValue<int>(), result["existing"]!.GetValue<int>()));
        Assert.Empty(Directory.GetFiles(states, "*.json"));
        var stored = new List<string>();
        await foreach (var task in world.Admin.EnumerateTasksAsync(world.ProjectId, new TaskQuery { Limit = 500 }))
            stored.Add(task.Name);
        Assert.Equal(names, stored.Order(StringComparer.Ordinal));
    }
}
