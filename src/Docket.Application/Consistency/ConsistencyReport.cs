namespace Docket.Application.Consistency;

/// <summary>
/// What a consistency check of one project found, and what it repaired: the first
/// <see cref="ConsistencyCheck.MaxListedProblems"/> problems, and how many there were in all. A check that ran out
/// of time before the last shard says where to go on (<see cref="NextShard"/>; null: every shard was checked).
/// </summary>
public sealed record ConsistencyReport(
    string ProjectId,
    DateTimeOffset CheckedAt,
    int Tasks,
    IReadOnlyList<TaskCount> Counts,
    int PendingMoves,
    IReadOnlyList<ConsistencyProblem> Problems,
    int ProblemCount,
    int RepairedCount,
    int? NextShard = null);

/// <summary>How many tasks are in one stage with one status.</summary>
public sealed record TaskCount(string Stage, string Status, int Tasks);

/// <summary>
/// One broken invariant (see <see cref="Invariants"/>): which task and row, and whether it was repaired.
/// </summary>
public sealed record ConsistencyProblem(string Invariant, string? TaskId, string? Row, string Detail, bool Repaired);
