using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Docket.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<ReviewDecision>))]
public enum ReviewDecision
{
    [JsonStringEnumMemberName("accept")] Accept,
    [JsonStringEnumMemberName("reject")] Reject,
}

[Description("Finalizes the caller's task: no decision in a Label stage, `accept` or `reject` in a review stage.")]
public sealed record FinalizeRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReviewDecision? Review = null);

[Description("Raises an issue on the caller's task: it leaves their queue until an admin or manager resolves it.")]
public sealed record IssueRequest([property: Description("Up to 2,000 characters.")] string Comment);

[Description("Resolves a task's issue: it goes back to the same assignee.")]
public sealed record ResolveRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Up to 2,000 characters.")]
    string? Comment = null);
