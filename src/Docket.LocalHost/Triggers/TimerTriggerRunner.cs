using System.Reflection;
using Docket.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Docket.LocalHost.Triggers;

/// <summary>
/// Runs a [TimerTrigger] function on its <see cref="TimerSchedule"/>. Each occurrence runs once across all
/// instances of the app: an instance runs it only while holding the function's <see cref="ScheduleLock"/>, and
/// only if the <see cref="ScheduleStatusStore"/> does not show it already ran. With UseMonitor (on by default,
/// off for schedules recurring within a minute, as in the timer extension) a run missed while no instance was up
/// runs at start-up with IsPastDue. Runs are awaited one after another, so they never overlap.
/// </summary>
public sealed class TimerTriggerRunner(
    FunctionDescriptor function,
    TimerSchedule schedule,
    ScheduleLock scheduleLock,
    ScheduleStatusStore statusStore,
    TimeSpan functionTimeout,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<TimerTriggerRunner> logger) : BackgroundService
{
    readonly TimerTriggerAttribute trigger = (TimerTriggerAttribute)function.Trigger;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAtStartupAsync(stoppingToken);
            var next = schedule.NextAfter(Now);
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = next - Now;
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, clock, stoppingToken);
                var isPastDue = Now - next > TimeSpan.FromSeconds(1);
                await RunOnceAsync(next, isPastDue, stoppingToken);
                next = schedule.NextAfter(Max(next, Now));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    bool UsesMonitor => trigger.UseMonitor && !schedule.RecursWithinAMinute(Now);

    async Task RunAtStartupAsync(CancellationToken stoppingToken)
    {
        if (UsesMonitor && await MissedOccurrenceAsync(stoppingToken) is { } missed)
        {
            logger.LogInformation("Timer {Function} missed its run at {Occurrence:o}; running it now",
                function.Name, missed);
            await RunOnceAsync(missed, isPastDue: true, stoppingToken);
        }
        else if (trigger.RunOnStartup)
        {
            await RunOnceAsync(Now, isPastDue: false, stoppingToken);
        }
    }

    /// <summary>
    /// The recorded next occurrence when it has passed (recomputed from the last run if the schedule changed).
    /// </summary>
    async Task<DateTime?> MissedOccurrenceAsync(CancellationToken stoppingToken)
    {
        var status = await statusStore.ReadAsync(stoppingToken);
        if (status is null) return null;
        var expected = status.Last == default ? status.Next : schedule.NextAfter(status.Last);
        return expected < Now ? expected : null;
    }

    async Task RunOnceAsync(DateTime occurrence, bool isPastDue, CancellationToken stoppingToken)
    {
        try
        {
            await using var held = await scheduleLock.TryAcquireAsync(stoppingToken);
            if (held is null) return; // another instance is running this function now
            var status = await statusStore.ReadAsync(stoppingToken);
            if (status is not null && status.Last >= occurrence) return; // another instance already ran it

            var info = new TimerInfo
            {
                IsPastDue = isPastDue,
                ScheduleStatus = new ScheduleStatus
                {
                    Last = status?.Last ?? default,
                    Next = schedule.NextAfter(occurrence),
                    LastUpdated = Now,
                },
            };
            try
            {
                await FunctionInvoker.InvokeAsync(function, (parameter, token) => Bind(parameter, info, token),
                    scopes, functionTimeout, stoppingToken);
                logger.LogInformation(
                    "Executed '{Function}' (Succeeded, occurrence {Occurrence:o}, past due: {IsPastDue})",
                    function.Name, occurrence, isPastDue);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Timer function {Function} failed", function.Name);
            }
            var ran = new ScheduleStatus { Last = occurrence, Next = info.ScheduleStatus.Next, LastUpdated = Now };
            await statusStore.WriteAsync(ran, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Timer {Function} could not run its {Occurrence:o} occurrence: {Reason}",
                function.Name, occurrence, exception.Message);
        }
    }

    static object? Bind(ParameterInfo parameter, TimerInfo info, CancellationToken invocationToken) =>
        parameter.ParameterType == typeof(TimerInfo) ? info
        : parameter.ParameterType == typeof(CancellationToken) ? invocationToken
        : throw new InvalidOperationException($"Cannot bind parameter '{parameter.Name}' of a timer function.");

    static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
