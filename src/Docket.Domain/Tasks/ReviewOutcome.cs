using System.Text.Json.Serialization;

namespace Docket.Domain.Tasks;

public enum ReviewOutcome
{
    [JsonStringEnumMemberName("PASSED")] Passed,
    [JsonStringEnumMemberName("FAILED")] Failed,
}
