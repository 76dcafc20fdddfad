using System.Text.Json;
using Azure.Data.Tables;
using Docket.Domain.Tasks;

namespace Docket.Storage.Tasks;

/// <summary>Maps a task to its table row and back. Large series JSON is split over several string properties.</summary>
public static class TaskEntityMapper
{
    /// <summary>Table Storage allows 64 KiB per string property: 32,000 UTF-16 characters leaves headroom.</summary>
    const int ChunkLength = 32_000;

    // Non-ASCII text stays as written: escaped, it could outgrow the property limit the items file was checked against.
    static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping
    };

    public static TableEntity ToEntity(string partitionKey, AnnotationTask task)
    {
        var entity = new TableEntity(partitionKey, TaskKeys.TaskRow(task.TaskId))
        {
            ["TaskId"] = task.TaskId,
            ["Name"] = task.Name,
            ["Stage"] = task.StageName,
            ["Status"] = task.Status.ToString(),
            ["Assignee"] = task.Assignee,
            ["AssignedBy"] = task.AssignedBy?.ToString(),
            ["Priority"] = task.Priority?.Billionths,
            ["CreatedAt"] = task.CreatedAt,
            ["QueuedAt"] = task.QueuedAt,
            ["UpdatedAt"] = task.UpdatedAt,
            ["SkippedAt"] = task.SkippedAt,
            ["Version"] = task.Version,
            ["MetaData"] = task.MetaData.Count == 0 ? null : MetaDataJson.Write(task.MetaData),
            ["PreAssign"] = task.PreAssign.Count == 0 ? null : JsonSerializer.Serialize(task.PreAssign, Json),
            ["Classification"] = task.ClassificationJson,
            ["LastReview"] = task.LastReview?.ToString(),
            ["LabeledAt"] = task.LabeledAt,
            ["ReviewedAt"] = task.ReviewedAt,
            ["Labeler"] = task.Labeler,
            ["IssueComment"] = task.IssueComment,
            ["UploadId"] = task.UploadId,
            ["CreatedBy"] = task.CreatedBy,
            ["HolderNotice"] = task.HolderNotice,
            ["PendingMove"] = task.PendingMove is null ? null : JsonSerializer.Serialize(task.PendingMove, Json),
        };
        // Absent values are left out rather than stored as nulls: every property costs on the wire and in the row.
        foreach (var empty in entity.Where(p => p.Value is null).Select(p => p.Key).ToList())
            entity.Remove(empty);
        var chunks = (task.SeriesJson.Length + ChunkLength - 1) / ChunkLength;
        entity["SeriesChunks"] = chunks;
        for (var i = 0; i < chunks; i++)
            entity[$"Series{i}"] = task.SeriesJson.Substring(i * ChunkLength,
                Math.Min(ChunkLength, task.SeriesJson.Length - i * ChunkLength));
        return entity;
    }

    public static AnnotationTask ToTask(TableEntity entity)
    {
        var chunks = entity.GetInt32("SeriesChunks") ?? 0;
        var series = chunks <= 1
            ? entity.GetString("Series0") ?? "[]"
            : string.Concat(Enumerable.Range(0, chunks).Select(i => entity.GetString($"Series{i}")));
        return new AnnotationTask
        {
            TaskId = entity.GetString("TaskId"),
            Name = entity.GetString("Name"),
            StageName = entity.GetString("Stage"),
            Status = Enum.Parse<AnnotationTaskStatus>(entity.GetString("Status")),
            Assignee = entity.GetString("Assignee"),
            AssignedBy = entity.GetString("AssignedBy") is { } by ? Enum.Parse<AssignedBy>(by) : null,
            Priority = entity.GetInt64("Priority") is { } billionths ? Priority.FromBillionths(billionths) : null,
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
            QueuedAt = entity.GetDateTimeOffset("QueuedAt") ?? default,
            UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? default,
            SkippedAt = entity.GetDateTimeOffset("SkippedAt"),
            Version = entity.GetInt64("Version") ?? 0,
            SeriesJson = series,
            MetaData = Dictionary(entity.GetString("MetaData")),
            PreAssign = Dictionary(entity.GetString("PreAssign")),
            ClassificationJson = entity.GetString("Classification"),
            LastReview = entity.GetString("LastReview") is { } review ? Enum.Parse<ReviewOutcome>(review) : null,
            LabeledAt = entity.GetDateTimeOffset("LabeledAt"),
            ReviewedAt = entity.GetDateTimeOffset("ReviewedAt"),
            Labeler = entity.GetString("Labeler"),
            IssueComment = entity.GetString("IssueComment"),
            UploadId = entity.GetString("UploadId"),
            CreatedBy = entity.GetString("CreatedBy"),
            HolderNotice = entity.GetString("HolderNotice"),
            PendingMove = entity.GetString("PendingMove") is { } move
                ? JsonSerializer.Deserialize<PendingMove>(move, Json)
                : null,
        };
    }

    static IReadOnlyDictionary<string, string> Dictionary(string? json) =>
        json is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
}
