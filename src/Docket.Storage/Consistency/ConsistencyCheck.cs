using Azure;
using Azure.Data.Tables;
using Docket.Application.Assignment;
using Docket.Application.Consistency;
using Docket.Application.Indexing;
using Docket.Application.Ports;
using Docket.Application.Tasks;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Storage.Connection;
using Docket.Storage.Counters;
using Docket.Storage.Projects;
using Docket.Storage.Queues;
using Docket.Storage.Tasks;

namespace Docket.Storage.Consistency;

/// <summary>
/// Scans one project's rows and verifies the storage design's invariants (<see cref="Invariants"/>): every task in
/// exactly one place — the index rows <see cref="TaskRows.ExpectedShardRows"/> derives from its state, and its
/// queue row while held —, no index row that no task requires, events only of tasks that exist and of versions
/// they have had, and person rows that agree with the project's member rows.
/// What the scan finds is confirmed by reading the task and the row again, and dropped when the task changed
/// meanwhile (its own writes keep its rows in line), so a check of a project in use reports only what persists.
/// With repair it applies only what is safe while the project is in use and safe to repeat: a missing index or
/// queue row re-created from the task, an orphan row past the grace period deleted under the ETag it was read
/// with, a person row rewritten from the member row. It never changes a task row.
/// </summary>
public sealed class ConsistencyCheck(
    ProjectRows rows, TaskReader tasks, QueueIndex queues, MemberStore members, ProjectReindexer reindexer,
    TimeProvider clock) : IConsistencyAudit
{
    /// <summary>Problems a report lists; the rest are counted (and repaired, when asked).</summary>
    public const int MaxListedProblems = 1_000;

    /// <summary>An orphan row is deleted only once this old: a writer may be between its two steps.</summary>
    public static TimeSpan OrphanGrace => QueueIndex.OrphanGrace;

    /// <param name="fromShard">Where a check that stopped before the end goes on (its report's NextShard).</param>
    /// <param name="scanUntil">No shard is begun after this (the rest of the time confirms what was found); the
    /// report then says which shard comes next.</param>
    public async Task<ConsistencyReport> RunAsync(Project project, bool repair, CancellationToken cancellationToken,
        int fromShard = 0, DateTimeOffset? scanUntil = null)
    {
        var checkedAt = clock.GetUtcNow();
        var scan = new Scan(project);
        int? nextShard = null;
        var scanned = new HashSet<int>();
        for (var shard = fromShard; shard < project.ShardCount; shard++)
        {
            if (shard > fromShard && clock.GetUtcNow() >= scanUntil)
            {
                nextShard = shard;
                break;
            }
            await ScanShardAsync(scan, shard, cancellationToken);
            scanned.Add(shard);
        }
        // Queue rows are checked against the tasks of the shards scanned: the others' wait for their part.
        ScanQueues(scan, (await queues.ReadAllAsync(project, cancellationToken))
            .Where(r => r.Entry.TaskId is null
                        || scanned.Contains(TaskIdentity.ShardOf(r.Entry.TaskId, project.ShardCount)))
            .ToList(), checkedAt);

        var problems = new List<ConsistencyProblem>();
        var (problemCount, repairedCount) = (0, 0);
        void Note(ConsistencyProblem problem)
        {
            problemCount++;
            if (problem.Repaired) repairedCount++;
            if (problems.Count < MaxListedProblems) problems.Add(problem);
        }
        foreach (var suspect in scan.Suspects)
            if (await ConfirmAsync(project, suspect, repair, cancellationToken) is { } problem)
                Note(problem);
        foreach (var problem in await CheckPersonRowsAsync(project, repair, cancellationToken)) Note(problem);

        var counts = scan.Counts
            .OrderBy(c => project.Workflow.Find(c.Key.Stage)?.Index ?? int.MaxValue)
            .ThenBy(c => c.Key.Status, StringComparer.Ordinal)
            .Select(c => new TaskCount(c.Key.Stage, c.Key.Status, c.Value)).ToList();
        return new ConsistencyReport(project.ProjectId, checkedAt, scan.TaskCount, counts, scan.PendingMoves,
            problems, problemCount, repairedCount, nextShard);
    }

    /// <summary>
    /// The cheap part, for the rebalancing pass, which has read every queue row already: deletes the rows past the
    /// grace period that their task does not name. A row a task does not name is never named again (a task only
    /// ever names a row written for it just before its write, or keeps the one it names), so the delete is safe.
    /// </summary>
    /// <returns>How many rows were deleted.</returns>
    public async Task<int> RemoveQueueOrphansAsync(Project project,
        IReadOnlyList<(string Email, QueueEntry Entry)> queueRows, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var old = queueRows.Where(r => now - r.Entry.WrittenAt > OrphanGrace).ToList();
        var read = await tasks.GetManyAsync(project, old.Select(r => r.Entry.TaskId ?? "").ToList(),
            cancellationToken);
        var removed = 0;
        for (var i = 0; i < old.Count; i++)
        {
            var (email, entry) = old[i];
            var address = ProjectRows.QueueRow(project, email, entry.Position);
            if (QueueIndex.Matches(entry, read[i], email)) continue;
            if (await rows.TryDeleteAsync(address, Versions.ETagOf(entry.Version), cancellationToken)) removed++;
        }
        return removed;
    }

    /// <summary>What the scan saw; problems are only suspected until <see cref="ConfirmAsync"/> reads again.</summary>
    sealed class Scan(Project project)
    {
        public Project Project => project;

        /// <summary>
        /// The tasks someone holds or whose row names a queue row: all the queue invariants need. The rest are counted
        /// and checked shard by shard, so memory grows with what people hold, not with the project.
        /// </summary>
        public Dictionary<string, StoredTask> Held { get; } = new(StringComparer.Ordinal);

        public int TaskCount { get; set; }
        public Dictionary<(string Stage, string Status), int> Counts { get; } = [];
        public int PendingMoves { get; set; }
        public List<Suspect> Suspects { get; } = [];
    }

    /// <summary>A problem the scan saw, with the ETags it saw, to be confirmed by reading again.</summary>
    sealed record Suspect(string Invariant, string? TaskId, RowAddress Row, string Detail,
        ETag? TaskETag = null, ETag? RowETag = null, string? Email = null, long EventVersion = 0, int Shard = 0);

    async Task ScanShardAsync(Scan scan, int shard, CancellationToken cancellationToken)
    {
        var project = scan.Project;
        var shardTasks = new List<(StoredTask Task, IReadOnlyList<TableEntity> Expected)>();
        var indexRows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var counterRows = new List<TableEntity>();
        var events = new Dictionary<string, EventRows>(StringComparer.Ordinal);
        RowAddress At(string rowKey) => ProjectRows.ShardRow(project, shard, rowKey);
        await foreach (var row in rows.ReadShardAsync(project, shard, cancellationToken))
        {
            var family = ProjectRows.FamilyOf(row.RowKey);
            if (family == ProjectRows.TaskFamily)
            {
                if (ReadTaskRow(scan, shard, row) is { } task) shardTasks.Add(task);
            }
            else if (family == ProjectRows.CounterFamily) counterRows.Add(row);
            // A feed row stands for a change that committed; it is kept for the feed's retention whatever the task
            // became since, so it is no index row and no part of a task's state.
            else if (family == ProjectRows.FeedFamily) continue;
            else if (family != ProjectRows.EventFamily) indexRows[row.RowKey] = row;
            else if (ProjectRows.TryParseEventRow(row.RowKey, out var taskId, out var version))
                events[taskId] = events.TryGetValue(taskId, out var trail) ? trail.With(row.RowKey, version)
                    : new EventRows(row.RowKey, version);
            else
                scan.Suspects.Add(new Suspect(Invariants.EventRowInvalid, null, At(row.RowKey),
                    "the event row's key cannot be read", RowETag: row.ETag));
        }

        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (task, requiredRows) in shardTasks)
        {
            foreach (var required in requiredRows)
            {
                var rowKey = required.RowKey;
                expected.Add(rowKey);
                if (!indexRows.TryGetValue(rowKey, out var present))
                    scan.Suspects.Add(new Suspect(Invariants.IndexRowMissing, task.Task.TaskId, At(rowKey),
                        $"the task ({Describe(task.Task)}) requires this row, and it is missing",
                        TaskETag: Versions.ETagOf(task.Version)));
                else if (!ProjectRows.HoldsPropertiesOf(present, required))
                    scan.Suspects.Add(new Suspect(Invariants.IndexRowDiffers, task.Task.TaskId, At(rowKey),
                        $"the task ({Describe(task.Task)}) requires this row with other properties",
                        TaskETag: Versions.ETagOf(task.Version), RowETag: present.ETag));
            }
        }
        foreach (var (rowKey, row) in indexRows.Where(r => !expected.Contains(r.Key)))
            scan.Suspects.Add(new Suspect(Invariants.IndexRowOrphan, row.GetString("TaskId"), At(rowKey),
                "no task's state requires this row", RowETag: row.ETag));

        if (CounterFault(project, shardTasks.Select(t => t.Task), counterRows) is { } counterFault)
            scan.Suspects.Add(new Suspect(Invariants.CountersDiffer, null, At(TaskKeys.CounterPrefix), counterFault,
                Shard: shard));

        var byId = shardTasks.ToDictionary(t => t.Task.Task.TaskId, t => t.Task, StringComparer.Ordinal);
        foreach (var (taskId, trail) in events)
        {
            if (!byId.TryGetValue(taskId, out var task))
            {
                scan.Suspects.Add(new Suspect(Invariants.EventWithoutTask, taskId, At(trail.FirstRow),
                    $"{trail.Count} event rows of a task that does not exist"));
                continue;
            }
            var version = task.Task.Version;
            foreach (var (rowKey, eventVersion) in new[] { (trail.FirstRow, trail.First), (trail.LastRow, trail.Last) }
                         .Distinct().Where(e => e.Item2 < 1 || e.Item2 > version))
                scan.Suspects.Add(new Suspect(Invariants.EventRowInvalid, taskId, At(rowKey),
                    $"event of version {eventVersion}, and the task is at version {version}",
                    TaskETag: Versions.ETagOf(task.Version), EventVersion: eventVersion));
        }
    }

    /// <summary>
    /// What the check needs of a task's event rows, which come in version order: the first and the last (every
    /// version must be one the task has had) and how many.
    /// </summary>
    sealed record EventRows(string FirstRow, long First, string LastRow, long Last, int Count)
    {
        public EventRows(string row, long version) : this(row, version, row, version, 1) { }

        public EventRows With(string row, long version) =>
            this with { LastRow = row, Last = version, Count = Count + 1 };
    }

    /// <summary>
    /// The task of a task row, counted, with the keys of the index rows its state requires; null (and suspected)
    /// when it cannot be read or is not where it belongs.
    /// </summary>
    static (StoredTask Task, IReadOnlyList<TableEntity> Expected)? ReadTaskRow(Scan scan, int shard, TableEntity row)
    {
        var project = scan.Project;
        var address = ProjectRows.ShardRow(project, shard, row.RowKey);
        StoredTask stored;
        IReadOnlyList<TableEntity> expected;
        try
        {
            stored = ProjectRows.ToStored(row);
            ArgumentException.ThrowIfNullOrEmpty(stored.Task.TaskId);
            TaskRows.StageIndex(project, stored.Task);
            expected = TaskRows.ExpectedShardRows(project, stored.Task, listed: stored.Indexed);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            scan.Suspects.Add(new Suspect(Invariants.TaskRowUnreadable, row.GetString("TaskId"), address,
                $"the row cannot be read as a task: {exception.Message}", RowETag: row.ETag));
            return null;
        }

        var taskId = stored.Task.TaskId;
        var partition = TaskRows.PartitionOf(project, taskId);
        if (row.RowKey != TaskKeys.TaskRow(taskId) || !TaskIdentity.IsWellFormed(taskId) ||
            row.PartitionKey != partition)
        {
            scan.Suspects.Add(new Suspect(Invariants.TaskRowMisplaced, taskId, address,
                $"task '{taskId}' belongs in {partition} under {TaskKeys.TaskRow(taskId)}", RowETag: row.ETag));
            return null;
        }

        // The index rows it requires are known: only what the queue checks need is kept, and only of held tasks, so
        // that a project's contents need not fit in memory.
        scan.TaskCount++;
        if (stored.Task.Assignee is not null || stored.QueuePlace is not null)
        {
            scan.Held[taskId] = stored with
            {
                Task = stored.Task with
                {
                    SeriesJson = "",
                    MetaData = new Dictionary<string, string>(),
                    ClassificationJson = null,
                },
            };
        }
        if (!stored.Indexed)
            scan.Suspects.Add(new Suspect(Invariants.TaskNotIndexed, taskId, address,
                "the task was written before listing and counter rows existed (POST …/reindex indexes them all)",
                TaskETag: Versions.ETagOf(stored.Version)));
        var key = (stored.Task.StageName, stored.Task.Status.ToApi());
        scan.Counts[key] = scan.Counts.GetValueOrDefault(key) + 1;
        if (stored.Task.PendingMove is not null) scan.PendingMoves++;
        return (stored, expected);
    }

    static void ScanQueues(Scan scan, IReadOnlyList<(string Email, QueueEntry Entry)> queueRows, DateTimeOffset now)
    {
        var project = scan.Project;
        var present = queueRows.Select(r => (r.Email, r.Entry.Position)).ToHashSet();
        foreach (var stored in scan.Held.Values)
        {
            var task = stored.Task;
            var taskRow = ProjectRows.ShardRow(project, TaskIdentity.ShardOf(task.TaskId, project.ShardCount),
                TaskKeys.TaskRow(task.TaskId));
            if (QueueRowFault(project, stored) is { } fault)
                scan.Suspects.Add(new Suspect(Invariants.TaskQueueRowWrong, task.TaskId, taskRow, fault,
                    TaskETag: Versions.ETagOf(stored.Version)));
            else if (stored.QueuePlace is { } named && !present.Contains((task.Assignee!, named)))
                scan.Suspects.Add(new Suspect(Invariants.QueueRowMissing, task.TaskId,
                    ProjectRows.QueueRow(project, task.Assignee!, named),
                    $"the task ({Describe(task)}) names this row in {task.Assignee}'s queue, and it is missing",
                    TaskETag: Versions.ETagOf(stored.Version)));
        }
        foreach (var (email, entry) in queueRows)
        {
            // A row whose task is not held names no task that wants it (or none at all): the confirmation reads it.
            var task = entry.TaskId is null ? null : scan.Held.GetValueOrDefault(entry.TaskId);
            if (QueueIndex.Matches(entry, task, email) || now - entry.WrittenAt <= OrphanGrace) continue;
            scan.Suspects.Add(new Suspect(Invariants.QueueRowOrphan, entry.TaskId,
                ProjectRows.QueueRow(project, email, entry.Position),
                task is null ? "the row's task does not exist or is held by nobody"
                    : $"the task ({Describe(task.Task)}) does not name this row",
                RowETag: Versions.ETagOf(entry.Version), Email: email));
        }
    }

    /// <summary>Why the queue row a task names does not fit its state, or null when it does.</summary>
    static string? QueueRowFault(Project project, StoredTask stored)
    {
        var task = stored.Task;
        if (!TaskRows.NeedsQueueRow(task))
            return stored.QueuePlace is null ? null
                : $"the task ({Describe(task)}) is in nobody's queue and names queue row '{stored.QueuePlace}'";
        if (stored.QueuePlace is null) return $"the task ({Describe(task)}) is held and names no queue row";
        var place = TaskKeys.QueueRowPrefix(TaskRows.StageIndex(project, task), task);
        return stored.QueuePlace.StartsWith(place, StringComparison.Ordinal) ? null
            : $"the task ({Describe(task)}) names queue row '{stored.QueuePlace}', and its place is '{place}…'";
    }

    /// <summary>
    /// Reads the task and the row again: the problem as it is now (repaired if asked and safe), or null when gone.
    /// </summary>
    async Task<ConsistencyProblem?> ConfirmAsync(Project project, Suspect suspect, bool repair,
        CancellationToken cancellationToken)
    {
        var row = await rows.FindAsync(suspect.Row, cancellationToken);
        var rowUnchanged = row is not null && row.ETag == suspect.RowETag;
        if (suspect.Invariant is Invariants.TaskRowUnreadable or Invariants.TaskRowMisplaced)
            return rowUnchanged ? Found(suspect, false) : null;

        var current = suspect.TaskId is null ? null : await tasks.GetAsync(project, suspect.TaskId, cancellationToken);
        // A task written since the scan changed its rows with it: what the scan saw of it is stale.
        var taskUnchanged = current is not null && Versions.ETagOf(current.Version) == suspect.TaskETag;
        switch (suspect.Invariant)
        {
            case Invariants.IndexRowMissing:
                if (!taskUnchanged || row is not null) return null;
                return Found(suspect,
                    repair && await RestoreShardRowAsync(project, current!, suspect.Row, cancellationToken));
            case Invariants.QueueRowMissing:
                if (!taskUnchanged || row is not null) return null;
                if (!repair) return Found(suspect, false);
                // Written as the task names it; should the task move on meanwhile, it is a young orphan readers skip.
                await queues.WriteAsync(project, current!.Task, suspect.Row.RowKey, cancellationToken);
                return Found(suspect, true);
            case Invariants.IndexRowDiffers:
                if (!taskUnchanged || !rowUnchanged) return null;
                var required = ExpectedRow(project, current!, suspect.Row);
                if (required is null || ProjectRows.HoldsPropertiesOf(row!, required)) return null;
                // Under the row's ETag: a task write since then rewrote or deleted the row itself, and wins.
                return Found(suspect, repair && await rows.TryReplaceShardRowAsync(required, row!.ETag,
                    cancellationToken));
            case Invariants.IndexRowOrphan:
                if (!rowUnchanged || (current is not null && Requires(project, current, suspect.Row))) return null;
                return await RemoveOrphanAsync(suspect, row!, repair, cancellationToken);
            case Invariants.QueueRowOrphan:
                if (!rowUnchanged) return null;
                var entry = new QueueEntry(row!.RowKey, row.GetString("TaskId"),
                    TaskKeys.StageIndexOfQueueRow(row.RowKey), TaskKeys.IsSkippedQueueRow(row.RowKey), 0,
                    Versions.Of(row.ETag), row.Timestamp ?? DateTimeOffset.MinValue);
                if (QueueIndex.Matches(entry, current, suspect.Email!)) return null;
                return await RemoveOrphanAsync(suspect, row, repair, cancellationToken);
            case Invariants.TaskNotIndexed:
                if (current is null || current.Indexed) return null;
                return Found(suspect, repair && await reindexer.IndexAsync(project, current, cancellationToken));
            case Invariants.CountersDiffer:
                return await ConfirmCountersAsync(project, suspect, cancellationToken);
            case Invariants.EventWithoutTask:
                return current is null && row is not null ? Found(suspect, false) : null;
            case Invariants.EventRowInvalid:
                if (suspect.TaskId is null) return rowUnchanged ? Found(suspect, false) : null;
                var versionInvalid = suspect.EventVersion < 1 || suspect.EventVersion > current?.Task.Version;
                return current is not null && row is not null && versionInvalid ? Found(suspect, false) : null;
            default: // Invariants.TaskQueueRowWrong: the task's own state
                return taskUnchanged ? Found(suspect, false) : null;
        }
    }

    static ConsistencyProblem Found(Suspect suspect, bool repaired, string? note = null) =>
        new(suspect.Invariant, suspect.TaskId, suspect.Row.ToString(),
            note is null ? suspect.Detail : $"{suspect.Detail} ({note})", repaired);

    static bool Requires(Project project, StoredTask task, RowAddress row) =>
        ExpectedRow(project, task, row) is not null;

    static TableEntity? ExpectedRow(Project project, StoredTask task, RowAddress row) =>
        TaskRows.ExpectedShardRows(project, task.Task, listed: task.Indexed)
            .FirstOrDefault(r => r.PartitionKey == row.PartitionKey && r.RowKey == row.RowKey);

    /// <summary>
    /// Writes the index row the task requires, then reads the task again: should it have moved on to a state that
    /// no longer requires the row, the row just written is taken back (under its own ETag).
    /// </summary>
    async Task<bool> RestoreShardRowAsync(Project project, StoredTask task, RowAddress address,
        CancellationToken cancellationToken)
    {
        var row = TaskRows.ExpectedShardRows(project, task.Task, listed: task.Indexed)
            .Single(r => r.RowKey == address.RowKey);
        var written = await rows.TryAddShardRowAsync(row, cancellationToken);
        var now = await tasks.GetAsync(project, task.Task.TaskId, cancellationToken);
        if (now is not null && Requires(project, now, address)) return true;
        if (written is { } etag) await rows.TryDeleteAsync(address, etag, cancellationToken);
        return false;
    }

    async Task<ConsistencyProblem> RemoveOrphanAsync(Suspect suspect, TableEntity row, bool repair,
        CancellationToken cancellationToken)
    {
        if (!repair) return Found(suspect, false);
        if (clock.GetUtcNow() - (row.Timestamp ?? DateTimeOffset.MaxValue) <= OrphanGrace)
            return Found(suspect, false,
                $"within the grace period of {OrphanGrace.TotalMinutes:0} minutes: left for a later repair");
        return Found(suspect, await rows.TryDeleteAsync(suspect.Row, row.ETag, cancellationToken));
    }

    async Task<IReadOnlyList<ConsistencyProblem>> CheckPersonRowsAsync(Project project, bool repair,
        CancellationToken cancellationToken)
    {
        var found = await members.FindPersonRowMismatchesAsync(project.ProjectId, cancellationToken);
        if (found.Count == 0) return [];
        // Read again: a member being added or removed right now is between its two writes for a moment.
        var again = await members.FindPersonRowMismatchesAsync(project.ProjectId, cancellationToken);
        var confirmed = again.Intersect(found).ToList();
        var problems = new List<ConsistencyProblem>();
        foreach (var mismatch in confirmed)
        {
            var (invariant, detail) = mismatch.State switch
            {
                PersonRowState.Missing =>
                    (Invariants.MemberPersonRowMissing, $"{mismatch.Email} is a member and has no person row"),
                PersonRowState.Differs => (Invariants.MemberPersonRowDiffers,
                    $"{mismatch.Email}'s person row says another role or other stages than the member row"),
                _ => (Invariants.MemberPersonRowStale, $"{mismatch.Email} has a person row and is no longer a member"),
            };
            var repaired = repair &&
                           await members.RepairPersonRowAsync(project.ProjectId, mismatch.Email, cancellationToken);
            problems.Add(new ConsistencyProblem(invariant, null, mismatch.Row.ToString(), detail, repaired));
        }
        return problems;
    }

    /// <summary>
    /// Why a shard's counter rows do not add up to its indexed tasks, or null when they do. Counter changes are
    /// written in their task's batch, so the two agree in any snapshot of the shard.
    /// </summary>
    static string? CounterFault(Project project, IEnumerable<StoredTask> shardTasks,
        IEnumerable<TableEntity> counterRows)
    {
        var counted = CounterIndex.CountsOf(counterRows);
        var actual = shardTasks.Where(t => t.Indexed).GroupBy(t => TaskRows.CounterKeyOf(project, t.Task))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var differing = counted.Keys.Union(actual.Keys)
            .Where(key => counted.GetValueOrDefault(key) != actual.GetValueOrDefault(key))
            .Select(key => $"{project.Workflow.Stages[key.StageIndex].Name}/{key.Status.ToApi()}" +
                           (key.Assignee is null ? "" : $"/{key.Assignee}") +
                           $": counted {counted.GetValueOrDefault(key)}, tasks {actual.GetValueOrDefault(key)}")
            .ToList();
        return differing.Count == 0 ? null : string.Join("; ", differing.Take(10)) +
                                             (differing.Count > 10 ? $" (and {differing.Count - 10} more)" : "");
    }

    /// <summary>
    /// Reads the shard again, twice: the difference is real only when it persists in a snapshot (no task or counter
    /// row changed between the two reads). Not repaired: counters only ever change in their task's batch, so a
    /// difference is a defect to investigate, not a state a crash leaves.
    /// </summary>
    async Task<ConsistencyProblem?> ConfirmCountersAsync(Project project, Suspect suspect,
        CancellationToken cancellationToken)
    {
        var first = await ReadCountedRowsAsync(project, suspect.Shard, cancellationToken);
        var second = await ReadCountedRowsAsync(project, suspect.Shard, cancellationToken);
        if (!first.ETags.SequenceEqual(second.ETags)) return null;
        return CounterFault(project, second.Tasks, second.Counters) is { } fault
            ? new ConsistencyProblem(suspect.Invariant, null, suspect.Row.ToString(), fault, false)
            : null;
    }

    async Task<(List<StoredTask> Tasks, List<TableEntity> Counters, List<string> ETags)> ReadCountedRowsAsync(
        Project project, int shard, CancellationToken cancellationToken)
    {
        var (shardTasks, counters, etags) = (new List<StoredTask>(), new List<TableEntity>(), new List<string>());
        await foreach (var row in rows.ReadShardAsync(project, shard, cancellationToken))
        {
            var family = ProjectRows.FamilyOf(row.RowKey);
            if (family == ProjectRows.CounterFamily) counters.Add(row);
            else if (family == ProjectRows.TaskFamily && TryReadTask(row) is { } task) shardTasks.Add(task);
            else continue;
            etags.Add($"{row.RowKey} {row.ETag}");
        }
        return (shardTasks, counters, etags);
    }

    /// <summary>The task of a task row, or null when it cannot be read (the scan reports that row).</summary>
    static StoredTask? TryReadTask(TableEntity row)
    {
        try
        {
            return ProjectRows.ToStored(row);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null;
        }
    }

    static string Describe(AnnotationTask task) =>
        $"{task.StageName}, {task.Status.ToApi()}" + (task.Assignee is null ? "" : $", held by {task.Assignee}") +
        (task.PendingMove is null ? "" : ", moving");
}
