using System.Globalization;
using System.Text;
using System.Text.Json;
using Docket.Application.Configuration;
using Docket.Application.Messaging;
using Docket.Application.Ports;
using Docket.Domain.Items;
using Docket.Domain.Projects;
using Docket.Domain.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Docket.Application.Telemetry;

namespace Docket.Application.Upload;

/// <summary>
/// Items files from pipelines: a file written to "items-drops/{projectId}/{path}", or a message on the
/// "items-drops" queue naming such a file or carrying the items. Either way the file goes through
/// <see cref="ItemsIngestion"/> and a report lands in "items-results/{projectId}/{path}". Drops are held to the
/// same size limit as uploads over HTTP (<see cref="IngestionOptions.MaxBodyBytes"/>).
/// </summary>
public sealed class ItemsDrops(ItemsIngestion ingestion, IProjectStore projects, IUploadStore uploads,
    IOptions<IngestionOptions> options, ILogger<ItemsDrops> logger)
{
    public const string DropActor = "items-drops";
    static readonly JsonSerializerOptions Json = StoredJson.Options;

    /// <summary>A file dropped at "{projectId}/{path}" of the drops container.</summary>
    public async Task IngestFileAsync(string projectId, string path, CancellationToken cancellationToken)
    {
        var name = $"{projectId}/{path}";
        if (await ReadDropAsync(name, name, "$", cancellationToken) is not { } file) return;
        await IngestAsync(projectId, path, file, UploadIds.ForDrop($"blob|{name}|", file.Span), cancellationToken);
    }

    /// <summary>A message of the drops queue: a file it names, or the items it carries.</summary>
    public async Task IngestMessageAsync(string message, CancellationToken cancellationToken)
    {
        if (Read(message) is not { } drop) return;
        if (drop.FileProblem is { } problem)
        {
            await WriteFailureAsync(drop.Report, "blob", problem, cancellationToken);
            return;
        }
        if (drop.File is { } name)
        {
            if (await ReadDropAsync(name, name, "blob", cancellationToken) is not { } file) return;
            await IngestAsync(drop.ProjectId, name[(drop.ProjectId.Length + 1)..], file,
                UploadIds.ForDrop($"blob|{name}|", file.Span), cancellationToken);
            return;
        }

        var items = Encoding.UTF8.GetBytes(drop.Items!.Value.GetRawText());
        if (items.Length > options.Value.MaxBodyBytes)
        {
            await WriteFailureAsync(drop.Report, "items", TooLarge(items.Length), cancellationToken);
            return;
        }
        await IngestAsync(drop.ProjectId, drop.Report[(drop.ProjectId.Length + 1)..], items, drop.DropId,
            cancellationToken);
    }

    /// <summary>
    /// A drop message that failed on every delivery, set aside in the poison queue: its report says so (unless the
    /// drop has one already), so that whoever dropped it sees it failed; dropping it again resumes it.
    /// </summary>
    public async Task ReportPoisonedAsync(string message, CancellationToken cancellationToken)
    {
        if (Read(message) is not { } drop) return;
        if (await uploads.HasReportAsync(drop.Report, cancellationToken)) return;
        logger.ItemsDropFailedEveryDelivery(drop.Report);
        await WriteFailureAsync(drop.Report, "$",
            $"the drop failed on every delivery and was set aside in '{QueueNames.ItemsDrops}-poison'; " +
            "drop it again to carry it on", cancellationToken);
    }

    /// <summary>A drop message as read: the file it names or the items it carries, and where its report goes.
    /// </summary>
    sealed record Drop(string ProjectId, string? File, JsonElement? Items, string DropId, string Report,
        string? FileProblem);

    /// <summary>The drop a message asks for, or null (logged) when it names no project one can report to.</summary>
    Drop? Read(string message)
    {
        ItemsDropMessage? drop;
        try
        {
            using var document = JsonDocument.Parse(message);
            // The message's own strings that are not text (a lone surrogate) would fail on every delivery, ending in
            // poison; the items' are reported by the items file's validation.
            foreach (var field in new[] { "projectId", "blob" })
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty(field, out var value)
                    && JsonUnicode.FirstInvalidString(value, field) is not null)
                {
                    logger.DropMessageInvalidText(QueueNames.ItemsDrops, field, JsonUnicode.LoneSurrogateMessage);
                    return null;
                }
            }
            drop = document.RootElement.Deserialize<ItemsDropMessage>(Json);
        }
        catch (JsonException exception)
        {
            logger.DropMessageNotJson(QueueNames.ItemsDrops, exception.Message);
            return null;
        }
        if (drop?.ProjectId is not { Length: > 0 } projectId || (drop.Blob is null) == (drop.Items is null))
        {
            logger.DropMessageIncomplete(QueueNames.ItemsDrops);
            return null;
        }
        // Checked before any file is named: the report's path and the file's are built from them.
        if (!ProjectId.IsValid(projectId))
        {
            logger.DropMessageBadProject(QueueNames.ItemsDrops);
            return null;
        }
        var dropId = UploadIds.ForDrop("queue|", Encoding.UTF8.GetBytes(message));
        var queueReport = $"{projectId}/queue-{dropId}.json";
        if (drop.Blob is null) return new Drop(projectId, null, drop.Items, dropId, queueReport, null);
        var name = drop.Blob.StartsWith(projectId + "/", StringComparison.Ordinal)
            ? drop.Blob
            : $"{projectId}/{drop.Blob}";
        return DropPath.Problem(name[(projectId.Length + 1)..]) is { } problem
            ? new Drop(projectId, null, null, dropId, queueReport, problem)
            : new Drop(projectId, name, null, dropId, name, null);
    }

    /// <summary>The drop's bytes, or null after reporting why there are none.</summary>
    async Task<ReadOnlyMemory<byte>?> ReadDropAsync(string name, string report, string field,
        CancellationToken cancellationToken)
    {
        var read = await uploads.ReadDropAsync(name, options.Value.MaxBodyBytes, cancellationToken);
        if (!read.Found)
        {
            await WriteFailureAsync(report, "blob", $"no blob '{name}' in container '{UploadContainers.Drops}'",
                cancellationToken);
            return null;
        }
        if (read.Content is null) await WriteFailureAsync(report, field, TooLarge(read.Size), cancellationToken);
        return read.Content;
    }

    string TooLarge(long size) => string.Create(CultureInfo.InvariantCulture,
        $"the file has {size:N0} bytes, more than the {options.Value.MaxBodyBytes:N0} bytes an items file may have");

    async Task IngestAsync(string projectId, string path, ReadOnlyMemory<byte> content, string uploadId,
        CancellationToken cancellationToken)
    {
        var report = $"{projectId}/{path}";
        var project = await projects.GetAsync(projectId, cancellationToken);
        if (project is null)
        {
            await WriteFailureAsync(report, "projectId", $"project '{projectId}' was not found", cancellationToken);
            return;
        }
        var outcome = await ingestion.IngestAsync(project, content, DropActor, report, uploadId, cancellationToken);
        logger.ItemsDropHandled(report, projectId, outcome.GetType().Name);
    }

    /// <summary>A report for a drop that could not even be read: the same shape as an invalid file's.</summary>
    Task WriteFailureAsync(string report, string field, string message, CancellationToken cancellationToken) =>
        uploads.WriteReportAsync(report, JsonSerializer.SerializeToUtf8Bytes(new
        {
            status = nameof(UploadStatus.Failed),
            total = 0,
            created = 0,
            existing = 0,
            errorCount = 1,
            errors = new[] { new { field, message } },
        }, Json), cancellationToken);

    sealed record ItemsDropMessage(string? ProjectId, string? Blob, JsonElement? Items);
}
