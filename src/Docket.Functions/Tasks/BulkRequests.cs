using System.Text.Json;
using Docket.Domain.Identity;
using Docket.Domain.Tasks;
using Api = Docket.Contracts;

namespace Docket.Functions.Tasks;

/// <summary>
/// The bodies of the bulk routes (assign, priority, move), read into their contract records, every problem of their
/// shape noted on the reader with its entry and field. What needs the project (who is a member, which tasks exist)
/// is checked by the function.
/// </summary>
public static class BulkRequests
{
    public const int MaxTasksPerCall = 1000;

    public static Api.AssignRequest Assign(FieldReader fields)
    {
        string? email = null;
        if (fields.String("email") is { } text && !EmailAddress.TryNormalize(text, out email!))
            fields.Fail("email", "is not a valid email address");
        return new Api.AssignRequest(TaskIds(fields), email);
    }

    public static Api.MoveRequest Move(FieldReader fields) =>
        new(TaskIds(fields), fields.String("stageName", required: true) ?? "");

    public static Api.PriorityRequest Priority(FieldReader fields)
    {
        var changes = new List<Api.PriorityChange>();
        if (fields.Raw("tasks") is not { ValueKind: JsonValueKind.Array } list)
            fields.Fail("tasks", "must be a list of {taskId, priority}");
        else if (list.GetArrayLength() is 0 or > MaxTasksPerCall)
            fields.Fail("tasks", $"must list between 1 and {MaxTasksPerCall} tasks");
        else
        {
            var index = 0;
            foreach (var item in list.EnumerateArray())
                if (PriorityChange(item, index++, fields) is { } change)
                    changes.Add(change);
        }
        foreach (var duplicate in changes.GroupBy(c => c.TaskId).Where(g => g.Count() > 1))
            fields.Fail("tasks", $"task '{duplicate.Key}' is listed more than once");
        return new Api.PriorityRequest(changes);
    }

    /// <summary>The domain's priority of a change that was read (its decimal holds billionths exactly).</summary>
    public static Priority? ToDomain(this Api.PriorityChange change) =>
        change.Priority is { } value ? Domain.Tasks.Priority.FromBillionths((long)(value * Domain.Tasks.Priority.Scale))
            : null;

    /// <summary>The "taskIds" list: strings, at least one, at most <see cref="MaxTasksPerCall"/>.</summary>
    static IReadOnlyList<string> TaskIds(FieldReader fields)
    {
        var taskIds = fields.StringList("taskIds", MaxTasksPerCall);
        if (taskIds is null or { Count: 0 } && fields.Errors.All(e => e.Field != "taskIds"))
            fields.Fail("taskIds", "must list at least one task");
        return taskIds ?? [];
    }

    static Api.PriorityChange? PriorityChange(JsonElement item, int index, FieldReader fields)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            fields.Fail($"tasks[{index}]", "must be an object {taskId, priority}");
            return null;
        }
        string? taskId = null;
        if (!item.TryGetProperty("taskId", out var id) || id.ValueKind != JsonValueKind.String
            || id.GetString() is not { Length: > 0 })
            fields.Fail($"tasks[{index}].taskId", "is required");
        else taskId = id.GetString();

        Priority? priority = null;
        if (!item.TryGetProperty("priority", out var value))
            fields.Fail($"tasks[{index}].priority", "is required (null clears it)");
        else if (!Domain.Tasks.Priority.TryRead(value, out priority, out var error))
            fields.Fail($"tasks[{index}].priority", error!);
        return taskId is null ? null : new Api.PriorityChange(taskId, priority?.ToDecimal());
    }
}
