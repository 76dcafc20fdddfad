using System.Diagnostics;
using Docket.Client;
using Docket.Contracts;
using Spectre.Console;

namespace Docket.Cli.Uploads;

/// <summary>
/// Shows an upload's progress: live bars (sent → validated → ingesting → done, tasks/s, time left) on a terminal,
/// one line per phase otherwise.
/// </summary>
public sealed class UploadProgressView(IAnsiConsole console, ProgressContext? live) : IProgress<UploadProgress>
{
    readonly Stopwatch clock = new();
    ProgressTask? sending;
    ProgressTask? ingesting;
    UploadPhase? lastPhase;
    int startedWith = -1;

    public void Report(UploadProgress value)
    {
        if (live is null)
        {
            if (value.Phase != lastPhase) console.MarkupLine(Describe(value).EscapeMarkup());
            lastPhase = value.Phase;
            return;
        }
        if (value.Phase is UploadPhase.Sending or UploadPhase.Validating)
        {
            sending ??= live.AddTask("sending", maxValue: Math.Max(value.TotalBytes, 1));
            sending.Value = value.BytesSent;
            sending.Description = value.Phase == UploadPhase.Validating ? "sent, validating" : "sending";
            return;
        }
        sending?.Value(sending.MaxValue);
        if (sending is not null) sending.Description = "validated";
        ingesting ??= live.AddTask("ingesting", maxValue: Math.Max(value.TotalTasks, 1));
        ingesting.MaxValue = Math.Max(value.TotalTasks, 1);
        ingesting.Value = value.TasksDone;
        ingesting.Description = value.Phase switch
        {
            UploadPhase.Completed => $"done: {value.TasksDone:N0} tasks",
            UploadPhase.Failed => "failed",
            _ => $"ingesting {value.TasksDone:N0}/{value.TotalTasks:N0} tasks{Rate(value.TasksDone)}",
        };
    }

    string Rate(int done)
    {
        if (startedWith < 0)
        {
            startedWith = done;
            clock.Start();
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return seconds < 1 || done <= startedWith ? "" : $" · {(done - startedWith) / seconds:N0} tasks/s";
    }

    static string Describe(UploadProgress value) => value.Phase switch
    {
        UploadPhase.Sending => $"Sending {value.TotalBytes:N0} bytes…",
        UploadPhase.Validating => "Sent; validating…",
        UploadPhase.Ingesting => $"Ingesting {value.TotalTasks:N0} tasks (upload {value.UploadId})…",
        UploadPhase.Completed => $"Done: {value.TasksDone:N0} tasks.",
        _ => "The upload failed.",
    };
}
