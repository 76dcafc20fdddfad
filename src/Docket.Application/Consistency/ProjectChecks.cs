using Docket.Application.Configuration;
using Docket.Application.Ports;
using Docket.Domain.Projects;

namespace Docket.Application.Consistency;

/// <summary>What asking for a check came to: its report, or the id of the project's check already running.</summary>
public abstract record CheckOutcome
{
    public sealed record Done(ConsistencyReport Report) : CheckOutcome;
    public sealed record Busy(string RunningCheckId) : CheckOutcome;
}

/// <summary>
/// Runs the consistency audit of a project (<see cref="IConsistencyAudit"/>), one at a time: it reads every row, so
/// two at once would only double the load. The lease outlasts the check's budget, so a check that died leaves no lock
/// behind for long.
/// </summary>
public sealed class ProjectChecks(IConsistencyAudit audit, IJobLeases leases, TimeProvider clock)
{
    /// <summary>
    /// A check reads every row of the project: it gets more storage time than an ordinary request, within the 230 s
    /// Azure gives an HTTP trigger to answer.
    /// </summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMinutes(3);

    /// <param name="fromShard">Where a report that ran out of time said to go on (0: the whole project).</param>
    public async Task<CheckOutcome> RunAsync(Project project, bool repair, int fromShard,
        CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        RequestDeadline.Set(started + Budget);
        var checkId = Guid.NewGuid().ToString("N");
        var (taken, lease) = await leases.TryTakeAsync(project.ProjectId, "check", checkId,
            Budget + TimeSpan.FromSeconds(30), cancellationToken);
        if (!taken) return new CheckOutcome.Busy(lease.Id);
        try
        {
            // Shards are begun during the first two thirds of the budget; the rest confirms what they showed.
            return new CheckOutcome.Done(await audit.RunAsync(project, repair, cancellationToken, fromShard,
                started + Budget * 2 / 3));
        }
        finally
        {
            await leases.ReleaseAsync(project.ProjectId, "check", checkId, CancellationToken.None);
        }
    }
}
