using System.Diagnostics;
using System.Text.Json;
using Docket.Application.Configuration;
using Docket.Application.Messaging;
using Docket.Application.Ports;
using Docket.Application.StageMoves;
using Docket.Application.Tasks;
using Docket.Domain.Identity;
using Docket.Domain.Projects;
using Docket.Domain.Rebalancing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Docket.Application.Telemetry;

namespace Docket.Application.Rebalancing;

/// <summary>
/// The scheduled pass: releases unstarted automatic assignments held by idle, removed or no-longer-allowed people
/// back to the pool, notes manual holds instead, and re-sends lost stage moves. It reads indexes — the queue rows
/// (who holds what) and the pending-move rows — so its cost follows the work in queues, not the number of tasks.
/// Every release is an ETag-guarded update re-decided on the task as it is, so a concurrent save, next or second
/// pass ends in one consistent state and each task is released once. Queue rows no task names are removed
/// once past the grace period.
/// </summary>
public sealed class Rebalancer(
    IProjectStore projects, IMemberStore members, IUserStore users, IWorkQueueStore queues, TaskUpdater updater,
    StageMoveService moves, IConsistencyAudit consistency, ICounterStore counters, IMessageQueues queueMessages,
    IJobLeases leases, IConfiguration configuration, TimeProvider clock, ILogger<Rebalancer> logger)
{
    /// <summary>
    /// Asks for every project's pass, one message each on the "rebalance" queue: the passes spread over instances,
    /// so one huge project neither starves the others nor outlasts the timer's time limit. The messages become
    /// visible one after another over up to <see cref="ScheduleSpread"/> (200 ms apart), so that a schedule is never
    /// a burst of every project's pass at once competing with people's requests.
    /// </summary>
    /// <returns>How many projects were asked for (none while the last round's passes are still being spread: a
    /// schedule firing faster than that never piles rounds up).</returns>
    public async Task<int> ScheduleAllAsync(CancellationToken cancellationToken)
    {
        var all = await projects.ListAsync(cancellationToken);
        var gap = all.Count == 0 ? TimeSpan.Zero
            : TimeSpan.FromTicks(Math.Min(PassGap.Ticks, ScheduleSpread.Ticks / all.Count));
        var spread = gap * all.Count;
        var (taken, _) = await leases.TryTakeAsync(ScheduleLeaseScope, "rebalance-schedule",
            Guid.NewGuid().ToString("N"), spread > MinRound ? spread : MinRound, cancellationToken);
        if (!taken) return 0;
        for (var i = 0; i < all.Count; i++)
            await queueMessages.SendAsync(QueueNames.Rebalance,
                JsonSerializer.Serialize(new RebalanceMessage(all[i].ProjectId), Json), cancellationToken,
                delay: gap * i);
        return all.Count;
    }

    /// <summary>Where the schedule's own lease is kept (no project has this id: it is not a valid project id).</summary>
    const string ScheduleLeaseScope = "_all-projects";

    /// <summary>The shortest time between two rounds.</summary>
    static readonly TimeSpan MinRound = TimeSpan.FromSeconds(1);

    /// <summary>The most time between one project's pass and the next one's start.</summary>
    static readonly TimeSpan PassGap = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest a schedule's passes are spread over.</summary>
    public static readonly TimeSpan ScheduleSpread = TimeSpan.FromMinutes(1);

    /// <summary>One project's pass, as its message asks (a project deleted since is skipped).</summary>
    public async Task<RebalanceReport?> RunAsync(RebalanceMessage message, CancellationToken cancellationToken) =>
        await projects.GetAsync(message.ProjectId, cancellationToken) is { } project
            ? await RunAsync(project, cancellationToken)
            : null;

    static readonly JsonSerializerOptions Json = StoredJson.Options;

    public async Task<RebalanceReport> RunAsync(Project project, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        var roster = (await members.ListAsync(project.ProjectId, cancellationToken)).ToDictionary(m => m.Email);
        var orgAdmins = new HashSet<string>(await users.ListOrgAdminsAsync(cancellationToken));
        if (EmailAddress.TryNormalize(configuration[DocketSettings.BootstrapAdminEmail], out var bootstrapAdmin))
            orgAdmins.Add(bootstrapAdmin);
        var rows = await queues.ReadAllAsync(project, cancellationToken);

        int released = 0, draftsDiscarded = 0, skippedManual = 0;
        var candidates = rows
            .Select(r => (r.Email, r.Entry,
                Stage: project.Workflow.Stages.FirstOrDefault(s => s.Index == r.Entry.StageIndex)))
            .Where(r => r.Stage is not null)
            .Select(r => (r.Email, r.Entry, State: ReleaseRules.StateOf(roster.GetValueOrDefault(r.Email),
                orgAdmins.Contains(r.Email), r.Stage!.Name, project.IdleTimeoutMinutes, now)))
            .Where(r => r.State != HolderState.Active)
            .ToList();
        foreach (var (email, entry, state) in candidates)
        {
            var discarded = false;
            var outcome = await updater.UpdateAsync(project, entry.TaskId, task =>
            {
                var change = ReleaseRules.Apply(task, email, state, clock.GetUtcNow());
                discarded = change.Events.Any(e => e.Details.ContainsKey("draft"));
                return change;
            }, cancellationToken: cancellationToken);
            if (!outcome.Succeeded) continue;
            var task = outcome.Task;
            if (outcome.Kind == TaskOutcomeKind.Changed && task.Task.Assignee is null)
            {
                released++;
                if (discarded) draftsDiscarded++;
            }
            else if (task.Task.IsManuallyHeld && task.Task.Assignee == email) skippedManual++;
        }

        // Skips held too long by people who are active (an inactive holder's were handled above).
        var active = candidates.Select(c => c.Entry.Position).ToHashSet();
        foreach (var (email, entry) in rows.Where(r => r.Entry.Skipped && !active.Contains(r.Entry.Position))
                     .Select(r => (r.Email, r.Entry)))
        {
            if (project.Workflow.Stages.FirstOrDefault(s => s.Index == entry.StageIndex) is not { IsWorkStage: true }
                stage) continue;
            var hold = project.SettingsOf(stage).SkipHoldMinutes;
            if (now - entry.WrittenAt <= TimeSpan.FromMinutes(hold)) continue; // skipped since: the task says when
            var outcome = await updater.UpdateAsync(project, entry.TaskId,
                task => ReleaseRules.ApplySkipHold(task, email, hold, clock.GetUtcNow()),
                cancellationToken: cancellationToken);
            if (!outcome.Succeeded) continue;
            if (outcome.Kind == TaskOutcomeKind.Changed && outcome.Task.Task.Assignee is null) released++;
            else if (outcome.Task.Task.IsManuallyHeld && outcome.Task.Task.Assignee == email) skippedManual++;
        }

        // The cheap part of the consistency check: the queue rows are read already.
        var orphans = await consistency.RemoveQueueOrphansAsync(project, rows, cancellationToken);
        if (orphans > 0)
            logger.OrphanQueueRowsRemoved(orphans, project.ProjectId);

        // Statistics read every change row not yet folded into its shard's bases: keep them few. A fold that fails
        // is tried again next pass; it must never keep the moves below from being swept.
        try
        {
            await counters.FoldIfDueAsync(project, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException
                                          || !cancellationToken.IsCancellationRequested)
        {
            logger.CounterFoldFailed(exception, project.ProjectId);
        }

        var (healed, stuck) = await moves.SweepProjectAsync(project, cancellationToken);
        var report = new RebalanceReport(project.ProjectId, rows.Count, released, draftsDiscarded, skippedManual,
            healed, stuck, stopwatch.ElapsedMilliseconds);
        if (released + skippedManual + healed + stuck > 0)
            logger.Rebalanced(project.ProjectId, released, draftsDiscarded, skippedManual, healed, stuck,
                report.DurationMs);
        return report;
    }
}
