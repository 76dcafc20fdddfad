using System.Text.Json.Serialization;

namespace Docket.Domain.Tasks;

/// <summary>
/// How a task came to its assignee. Everything but <see cref="Auto"/> is a manual hold: nothing automatic takes it
/// away.
/// </summary>
public enum AssignedBy
{
    [JsonStringEnumMemberName("auto")] Auto,
    [JsonStringEnumMemberName("manual")] Manual,
    [JsonStringEnumMemberName("preAssign")] PreAssign,
    [JsonStringEnumMemberName("reject")] Reject,
}

public static class AssignedByText
{
    /// <summary>The API's word for how a task was assigned (the enum's JSON name).</summary>
    public static string ToApi(this AssignedBy assignedBy) => assignedBy switch
    {
        AssignedBy.Auto => "auto",
        AssignedBy.Manual => "manual",
        AssignedBy.PreAssign => "preAssign",
        _ => "reject",
    };
}
