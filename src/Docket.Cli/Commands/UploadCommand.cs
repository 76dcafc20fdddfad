using System.CommandLine;
using System.Net;
using Docket.Cli.Output;
using Docket.Cli.Uploads;
using Docket.Client;
using Docket.Contracts;
using Spectre.Console;

namespace Docket.Cli.Commands;

/// <summary>
/// upload PROJECT FILE. Safe to run again: task ids come from names, so nothing is created twice, and a large
/// upload the server already accepted is followed by its upload id (kept in a state file) rather than sent again.
/// </summary>
public static class UploadCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var project = CommonOptions.Project();
        var file = new Argument<string>("FILE") { Description = "The items file (a JSON array)." };
        var command = new Command("upload", CommonOptions.Describe(
            "Uploads an items file with live progress. An invalid file lists every problem and creates nothing "
                + "(exit code 2). "
            + "After Ctrl-C or a lost connection, run the same command again: it continues and creates nothing twice.",
            "docket upload brain-mri items.json", "docket upload brain-mri items.json --output json")) { project,
                file };
        command.SetAction(environment, async context =>
        {
            var path = context.Get(file);
            if (!File.Exists(path)) throw new InvalidInputException($"No file '{path}'.");
            var bytes = await File.ReadAllBytesAsync(path, context.CancellationToken);
            var profile = context.Profiles.Load();
            var live = context.Environment.IsInteractive && context.Printer.Format == OutputFormat.Table;
            UploadResult? result = null;
            if (live)
            {
                await context.Printer.Console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                        new RemainingTimeColumn())
                    .StartAsync(async progress => result = await UploadAsync(context, profile.Url,
                        context.Get(project), path, bytes,
                        new UploadProgressView(context.Printer.Console, progress)));
            }
            else
            {
                // A line a phase, on stderr: json and csv on stdout stay parseable.
                result = await UploadAsync(context, profile.Url, context.Get(project), path, bytes,
                    new UploadProgressView(context.Environment.Errors, null));
            }
            context.Printer.Item(result!, [
                new("status", r => r.Status), new("total", r => r.Total), new("created", r => r.Created),
                    new("existing", r => r.Existing),
                new("uploadId", r => r.UploadId), new("failure", r => r.Failure),
            ]);
            return result!.Status == "Completed" ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    static async Task<UploadResult> UploadAsync(CommandContext context, Uri url, string projectId, string path,
        byte[] bytes,
        IProgress<UploadProgress>? progress)
    {
        var client = context.Client;
        var pendingUploads = new PendingUploads(context.Profiles.Folder);
        var sha256 = PendingUploads.Sha256Of(bytes);
        if (pendingUploads.Find(url, projectId, sha256) is { } pending)
        {
            try
            {
                context.Printer.Note($"Continuing upload {pending.UploadId} of "
                    + $"{Path.GetFileName(path).EscapeMarkup()}, started {pending.StartedAt:u}.");
                var continued = await client.WaitForUploadAsync(projectId, pending.UploadId, progress,
                    context.CancellationToken);
                pendingUploads.Forget(pending);
                return continued;
            }
            catch (DocketApiException exception) when (exception.Status == HttpStatusCode.NotFound)
            {
                // The server no longer knows it: send the file again, which finds what was created by name.
                pendingUploads.Forget(pending);
            }
        }

        var start = await client.StartUploadAsync(projectId, bytes, progress, context.CancellationToken);
        if (start.Result is { } done) return done;
        var accepted = new PendingUpload(url.ToString(), projectId, Path.GetFullPath(path), sha256, start.UploadId!,
            DateTimeOffset.UtcNow);
        pendingUploads.Save(accepted);
        var result = await client.WaitForUploadAsync(projectId, accepted.UploadId, progress, context.CancellationToken);
        pendingUploads.Forget(accepted);
        return result;
    }

    /// <summary>uploads show|wait PROJECT UPLOAD_ID: a large upload's progress, or waiting for its end.</summary>
    public static Command Uploads(CliEnvironment environment)
    {
        static Argument<string> UploadId() => new("UPLOAD_ID") { Description = "The id a large upload answered." };
        var (showProject, showUpload) = (CommonOptions.Project(), UploadId());
        var show = new Command("show", CommonOptions.Describe("A large upload as it is now.",
            "docket uploads show brain-mri 3f1c…")) { showProject, showUpload };
        show.SetAction(environment, async context =>
        {
            context.Printer.Item(await context.Client.GetUploadAsync(context.Get(showProject),
                context.Get(showUpload), context.CancellationToken), Shapes.Upload);
            return ExitCodes.Ok;
        });
        var (waitProject, waitUpload) = (CommonOptions.Project(), UploadId());
        var wait = new Command("wait", CommonOptions.Describe(
            "Waits until a large upload has completed (exit 0) or failed (exit 1), progress on stderr.",
            "docket uploads wait brain-mri 3f1c… --output json")) { waitProject, waitUpload };
        wait.SetAction(environment, async context =>
        {
            var projectId = context.Get(waitProject);
            var uploadId = context.Get(waitUpload);
            await context.Client.WaitForUploadAsync(projectId, uploadId,
                new UploadProgressView(context.Environment.Errors, null), context.CancellationToken);
            var status = await context.Client.GetUploadAsync(projectId, uploadId, context.CancellationToken);
            context.Printer.Item(status, Shapes.Upload);
            return status.Status == "Completed" ? ExitCodes.Ok : ExitCodes.Failure;
        });
        var listProject = CommonOptions.Project();
        var list = new Command("list", CommonOptions.Describe("The project's large uploads, newest first.",
            "docket uploads list brain-mri", "docket uploads list brain-mri --output json")) { listProject };
        list.SetAction(environment, async context =>
        {
            await context.Printer.RowsAsync(context.Client.EnumerateUploadsAsync(context.Get(listProject),
                context.CancellationToken), Shapes.Upload);
            return ExitCodes.Ok;
        });
        return new Command("uploads", "Large uploads and their progress (project admins).") { list, show, wait };
    }
}
