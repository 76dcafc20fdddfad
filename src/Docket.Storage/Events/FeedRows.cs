using System.Text.Json;
using Azure.Data.Tables;
using Docket.Application.Configuration;
using Docket.Application.Ports;
using Docket.Application.Upload;
using Docket.Domain.Events;
using Docket.Domain.Tasks;
using Docket.Storage.Tasks;

namespace Docket.Storage.Events;

/// <summary>
/// The feed row of a committed change: the task as the change left it and the events the change sends out, written
/// in the change's own batch, so that an event exists exactly when its change committed. A project's own events (an
/// upload that ended) have rows of the same kind in the project's events partition, holding the upload.
/// </summary>
public static class FeedRows
{
    const string EventsProperty = "FeedEvents";
    const string AtProperty = "FeedAt";
    const string IdPrefixProperty = "FeedIdPrefix";
    const string UploadProperty = "FeedUpload";

    /// <summary>The row, or null when the change sends nothing out.</summary>
    /// <param name="idPrefix">What the events' ids start with, when not "{taskId}.{version}" (a stuck move).</param>
    public static TableEntity? Of(string partition, AnnotationTask task, IReadOnlyList<TaskOutboundEvent> events,
        DateTimeOffset at, string? idPrefix = null)
    {
        if (events.Count == 0) return null;
        var row = TaskEntityMapper.ToEntity(partition, task);
        row.RowKey = TaskKeys.FeedRow(at, task.TaskId, task.Version);
        row[EventsProperty] = JsonSerializer.Serialize(events, StoredJson.Options);
        row[AtProperty] = at;
        if (idPrefix is not null) row[IdPrefixProperty] = idPrefix;
        return row;
    }

    /// <summary>The row of an upload's event, in the project's events partition.</summary>
    public static TableEntity OfUpload(string partition, UploadView upload, string type, string idPrefix,
        DateTimeOffset at) => new(partition, TaskKeys.FeedRow(at, "upload." + upload.UploadId, 0))
        {
            [EventsProperty] = JsonSerializer.Serialize(new[] { new TaskOutboundEvent(type) }, StoredJson.Options),
            [AtProperty] = at,
            [IdPrefixProperty] = idPrefix,
            [UploadProperty] = JsonSerializer.Serialize(upload, StoredJson.Options),
        };

    public static FeedEntry Read(TableEntity row)
    {
        var events = JsonSerializer.Deserialize<List<TaskOutboundEvent>>(row.GetString(EventsProperty) ?? "[]",
            StoredJson.Options) ?? [];
        var at = row.GetDateTimeOffset(AtProperty) ?? default;
        if (row.GetString(UploadProperty) is { } upload)
            return new FeedEntry(row.RowKey, null, at, events)
            {
                Upload = JsonSerializer.Deserialize<UploadView>(upload, StoredJson.Options),
                IdPrefix = row.GetString(IdPrefixProperty) ?? row.RowKey,
            };
        var task = TaskEntityMapper.ToTask(row);
        return new FeedEntry(row.RowKey, task, at, events)
        {
            IdPrefix = row.GetString(IdPrefixProperty) ?? $"{task.TaskId}.{task.Version}",
        };
    }
}
