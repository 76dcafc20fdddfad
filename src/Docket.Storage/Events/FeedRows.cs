using System.Text.Json;
using Azure.Data.Tables;
using Docket.Application.Configuration;
using Docket.Domain.Events;
using Docket.Domain.Tasks;
using Docket.Storage.Tasks;

namespace Docket.Storage.Events;

/// <summary>
/// The feed row of a committed change: the task as the change left it and the events the change sends out, written
/// in the change's own batch, so that an event exists exactly when its change committed.
/// </summary>
public static class FeedRows
{
    const string EventsProperty = "FeedEvents";
    const string AtProperty = "FeedAt";

    /// <summary>The row, or null when the change sends nothing out.</summary>
    public static TableEntity? Of(string partition, AnnotationTask task, IReadOnlyList<TaskOutboundEvent> events,
        DateTimeOffset at)
    {
        if (events.Count == 0) return null;
        var row = TaskEntityMapper.ToEntity(partition, task);
        row.RowKey = TaskKeys.FeedRow(at, task.TaskId, task.Version);
        row[EventsProperty] = JsonSerializer.Serialize(events, StoredJson.Options);
        row[AtProperty] = at;
        return row;
    }

    public static Application.Ports.FeedEntry Read(TableEntity row) => new(row.RowKey,
        TaskEntityMapper.ToTask(row), row.GetDateTimeOffset(AtProperty) ?? default,
        JsonSerializer.Deserialize<List<TaskOutboundEvent>>(row.GetString(EventsProperty) ?? "[]",
            StoredJson.Options) ?? []);
}
