using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Docket.Contracts;

[Description("One problem of a refused request: which field (and, in lists and items files, which entry) and why.")]
public sealed record FieldError(
    string Field,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
               Description("The entry's position in a list or an items file, from 0.")]
    int? Index = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
               Description("The entry's name in an items file, when it has one.")]
    string? Name = null);

/// <summary>An error answer (application/problem+json, RFC 9457).</summary>
[Description("An error (application/problem+json, RFC 9457): invalid input lists every problem in `errors`.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record Problem(string Type, string Title, int Status, string Detail)
{
    [Description("Which kind of problem (the end of `type`), for programs to act on: see ProblemCodes and the " +
                 "table in docs/api.md.")]
    public string? Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FieldError>? Errors { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("When only the first problems are listed: how many there are in all.")]
    public int? ErrorCount { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("The reindex already running (409 of a reindex).")]
    public string? ReindexId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("The check already running (409 of a check).")]
    public string? CheckId { get; init; }
}
