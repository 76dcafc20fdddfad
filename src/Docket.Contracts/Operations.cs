using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Docket.Contracts;

[Description("What a rebalancing pass did; `draftsDiscarded` counts the released tasks whose holder (removed, or " +
             "without the stage) had started them.")]
public sealed record RebalanceReport(
    string ProjectId, int QueueRowsRead, int Released, int DraftsDiscarded, int SkippedManual, int HealedMoves,
    int StuckMoves, long DurationMs);

[Description("Counts of a project's tasks by stage and status (and by assignee when asked).")]
public sealed record ProjectStats(
    string ProjectId,
    IReadOnlyList<StageCounts> Stages,
    [property: Description("Per person (`?by=assignee`, admins and managers); null otherwise.")]
    IReadOnlyList<AssigneeCounts>? Assignees);

[Description("A stage's tasks by status (statuses with no task left out).")]
public sealed record StageCounts(string StageName, IReadOnlyDictionary<string, long> Counts, long Total);

public sealed record AssigneeCounts([property: EmailAddress] string Email, IReadOnlyList<StageCounts> Stages);

[Description("A project's reindex: Running or Completed; `stalled` when it made no progress for minutes (asking " +
             "again resumes it).")]
public sealed record ReindexRun(
    string ProjectId,
    string ReindexId,
    [property: AllowedValues("Running", "Completed")] string Status,
    bool Stalled,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset LastProgressAt,
    int Indexed,
    int Shards,
    int ShardsDone);

[Description("A consistency check of a project's rows: the first 1,000 problems in `problems`, how many in all in " +
             "`problemCount`; `nextShard` says where a check that ran out of time goes on.")]
public sealed record ProjectCheck(
    string ProjectId,
    DateTimeOffset CheckedAt,
    int Tasks,
    IReadOnlyList<TaskCount> Counts,
    int PendingMoves,
    IReadOnlyList<CheckProblem> Problems,
    int ProblemCount,
    int RepairedCount,
    int? NextShard = null);

[Description("How many tasks are in one stage with one status.")]
public sealed record TaskCount(string Stage, string Status, int Tasks);

[Description("One broken invariant: which task and row, and whether it was repaired.")]
public sealed record CheckProblem(string Invariant, string? TaskId, string? Row, string Detail, bool Repaired);

[Description("One of Docket's queues and its poison queue: about how many messages wait (Azure's approximate " +
             "count) and how long the oldest has waited, in seconds (null when the queue is empty).")]
public sealed record QueueInfo(
    string Name,
    int Depth,
    double? OldestAgeSeconds,
    [property: Description("The queue messages go to after five failed attempts.")] string PoisonName,
    int PoisonDepth,
    double? PoisonOldestAgeSeconds);

[Description("A task waiting for its stage move: where from and to (`toStage` null: the next stage in the " +
             "workflow, decided when the move is applied), when it was decided, how often the sweep sent it again, " +
             "and whether it waits longer than StuckAfter.")]
public sealed record PendingMoveInfo(
    string TaskId,
    string Name,
    string FromStage,
    string? ToStage,
    [property: AllowedValues("Finalize", "Accept", "Reject", "Send")] string Kind,
    DateTimeOffset DecidedAt,
    int Resends,
    DateTimeOffset? LastResentAt,
    bool Stuck);

[Description("A page of pending moves, the longest waiting first; `nextCursor` is null on the last page.")]
public sealed record PendingMovePage(IReadOnlyList<PendingMoveInfo> Moves, string? NextCursor);

[Description("A message in a poison queue: its id, when it was put there, how often it was taken, and its text.")]
public sealed record PoisonMessage(string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Body);

[Description("What a replay or discard did: how many messages it took off the poison queue (at most 1,000 a call; " +
             "call again while it says 1,000).")]
public sealed record PoisonOutcome(string Queue, int Messages);
