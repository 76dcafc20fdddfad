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
