using Docket.Domain.Tasks;
using Docket.Storage.Keys;

namespace Docket.Storage.Tasks;

/// <summary>
/// Where task rows live. Tasks table, partition "{projectId}|{shard:D2}": the task ("t|{taskId}"), its pool row
/// while unassigned ("p|{stage index}|{order}|{taskId}"), its pending stage move ("m|{ticks}|{taskId}") and its events
/// ("e|{taskId}|{version:D10}|{n:D2}"), so a task and its pool row and events change in one batch transaction. Queues
/// table, partition "{projectId}|{email}": one row per task in that person's queue ("{stage
/// index}|{position}|{taskId}|{suffix}"), named by the task row ("QueueRow") and checked against it on read.
/// </summary>
public static class TaskKeys
{
    public static string Partition(string projectId, int shard) => $"{projectId}|{shard:D2}";

    /// <summary>The project's own feed rows (its uploads' events), beside its shards.</summary>
    public static string ProjectEventsPartition(string projectId) => $"{projectId}|ev";

    public static string TaskRow(string taskId) => "t|" + taskId;
    public const string TaskRowPrefix = "t|";

    public static string PoolPrefix(int stageIndex) => $"p|{stageIndex}|";
    public static string PoolRow(int stageIndex, AnnotationTask task) =>
        $"{PoolPrefix(stageIndex)}{OrderKeys.ByPriorityThenAge(task.Priority, task.QueuedAt)}|{task.TaskId}";

    /// <summary>A pending stage move, ordered by when it was decided, so the sweeper reads only the old ones.</summary>
    public const string MovePrefix = "m|";
    public static string MoveRow(AnnotationTask task) =>
        $"{MovePrefix}{task.PendingMove!.RequestedAt.UtcTicks:D19}|{task.TaskId}";
    /// <summary>The upper bound of the pending-move rows decided at or before <paramref name="instant"/>.</summary>
    public static string MoveRowsUntil(DateTimeOffset instant) => $"{MovePrefix}{instant.UtcTicks + 1:D19}";

    public static string EventPrefix(string taskId) => $"e|{taskId}|";

    /// <summary>
    /// "f|{ticks:D19}|{taskId}|{version:D10}": the events a committed change sends out, in the order of the writers'
    /// clocks (a task lives in one shard, so a key is unique across the project's shards).
    /// </summary>
    public static string FeedRow(DateTimeOffset at, string taskId, long version) =>
        $"{FeedPrefix}{at.UtcTicks:D19}|{taskId}|{version:D10}";
    public const string FeedPrefix = "f|";
    public static string FeedRowsUntil(DateTimeOffset instant) => $"{FeedPrefix}{instant.UtcTicks:D19}";
    public static string EventRow(string taskId, long version, int index) =>
        $"{EventPrefix(taskId)}{version:D10}|{index:D2}";

    public static string QueuePartition(string projectId, string email) => $"{projectId}|{KeyEncoding.Escape(email)}";
    public static string QueueStagePrefix(int stageIndex) => $"{stageIndex}|";

    /// <summary>
    /// A queue row key ends with a random suffix, unique to the write that created it, so a writer that loses a
    /// race can delete the row it wrote ahead without ever touching a row the winner wrote.
    /// </summary>
    public static string QueueRow(int stageIndex, AnnotationTask task) =>
        QueueRowPrefix(stageIndex, task) + UniqueSuffix();

    /// <summary>A queue row's key without its suffix: where the task stands in that person's queue.</summary>
    public static string QueueRowPrefix(int stageIndex, AnnotationTask task) =>
        $"{QueueStagePrefix(stageIndex)}{OrderKeys.QueuePosition(task)}|{task.TaskId}|";

    /// <summary>
    /// The queue row a claim will need, from the pool row alone: a claimed task is placed by its pool order.
    /// </summary>
    public static string QueueRowForClaim(int stageIndex, string poolRowKey) =>
        $"{QueueStagePrefix(stageIndex)}" +
        $"{OrderKeys.QueuePositionOfClaim(poolRowKey[PoolPrefix(stageIndex).Length..])}|{UniqueSuffix()}";

    /// <summary>
    /// Whether a queue row holds a skipped task (skipped tasks sort last and do not count towards queueSize).
    /// </summary>
    public static bool IsSkippedQueueRow(string rowKey) => rowKey.AsSpan(rowKey.IndexOf('|') + 1).StartsWith("1|");

    /// <summary>The stage a queue row queues in (its first segment); -1 for a row of no known form.</summary>
    public static int StageIndexOfQueueRow(string rowKey) =>
        int.TryParse(rowKey.AsSpan(0, Math.Max(rowKey.IndexOf('|'), 0)), out var stage) ? stage : -1;

    /// <summary>Listing rows of the Data Page, in the task's shard: "l|v|{view}|…" (status view, queued order),
    /// "l|r|{kind}|…" (recent order), "l|p|{assignee}|{view}|…" (a person's own tasks, queued order).</summary>
    public const string ListingPrefix = "l|";

    public static string ViewListingPrefix(char view) => $"l|v|{view}|";

    public static string RecentListingPrefix(char kind) => $"l|r|{kind}|";

    public static string PersonListingPrefix(string email) => $"l|p|{KeyEncoding.EscapeSegment(email)}|";

    public static string PersonViewListingPrefix(string email, char view) => $"{PersonListingPrefix(email)}{view}|";

    public static string ListingRow(string prefix, string orderKey, string taskId) => $"{prefix}{orderKey}|{taskId}";

    /// <summary>
    /// Counter rows, in each shard: a base row per stage and status ("c|b|{stage index}|{status}", its total), a
    /// holder row per person holding tasks of that cell ("c|h|…") and change rows ("c|d|{ticks}|{suffix}") written in
    /// the batches of the changes they count, folded into the base and holder rows later.
    /// </summary>
    public const string CounterPrefix = "c|";
    public const string CounterBasePrefix = "c|b|";
    public const string CounterChangePrefix = "c|d|";
    public const string CounterHolderPrefix = "c|h|";

    public static string CounterBaseRow(int stageIndex, AnnotationTaskStatus status) =>
        $"{CounterBasePrefix}{stageIndex:D2}|{status}";

    /// <summary>One holder's count of a cell ("c|h|{stage index}|{status}|{email}", the email escaped for a key).
    /// </summary>
    public static string CounterHolderRow(int stageIndex, AnnotationTaskStatus status, string email) =>
        $"{CounterHolderPrefix}{stageIndex:D2}|{status}|{KeyEncoding.Escape(email)}";

    public static string CounterChangeRow(DateTimeOffset at) =>
        $"{CounterChangePrefix}{at.UtcTicks:D19}|{UniqueSuffix()}";

    static string UniqueSuffix() =>
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    /// <summary>The upper bound of a prefix range: '~' sorts after every character the keys use.</summary>
    public static string PrefixEnd(string prefix) => prefix + "~";

    public static string TaskIdOfPoolRow(string rowKey) => rowKey[(rowKey.LastIndexOf('|') + 1)..];
}
