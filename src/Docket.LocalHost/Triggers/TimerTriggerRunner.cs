using System.Reflection;
using Cronos;
using Docket.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Docket.LocalHost.Triggers;

/// <summary>
/// Runs a [TimerTrigger] function on its schedule: a 6-field NCRONTAB expression (seconds first) or a TimeSpan,
/// "%Setting%" names resolved from configuration. Runs are awaited one after another, so they never overlap;
/// an occurrence missed while a run was going is reported as past due, like the Functions host does.
/// </summary>
public sealed class TimerTriggerRunner(
    FunctionDescriptor function,
    TimerSchedule schedule,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<TimerTriggerRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var trigger = (TimerTriggerAttribute)function.Trigger;
        DateTime? last = null;
        if (trigger.RunOnStartup)
            last = await RunAsync(last, clock.GetUtcNow().UtcDateTime, isPastDue: false, stoppingToken);

        var next = schedule.NextAfter(clock.GetUtcNow().UtcDateTime);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - clock.GetUtcNow().UtcDateTime;
            if (wait > TimeSpan.Zero)
            {
                try { await Task.Delay(wait, clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var isPastDue = now - next > TimeSpan.FromSeconds(1);
            last = await RunAsync(last, next, isPastDue, stoppingToken);
            next = schedule.NextAfter(Max(next, clock.GetUtcNow().UtcDateTime));
        }
    }

    async Task<DateTime> RunAsync(DateTime? last, DateTime occurrence, bool isPastDue, CancellationToken stoppingToken)
    {
        var info = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = new ScheduleStatus { Last = last ?? default, Next = schedule.NextAfter(occurrence), LastUpdated = occurrence },
        };
        try
        {
            await FunctionInvoker.InvokeAsync(function, (parameter, _) => Bind(parameter, info, stoppingToken), scopes);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Timer function {Function} failed", function.Name);
        }
        return occurrence;
    }

    static object? Bind(ParameterInfo parameter, TimerInfo info, CancellationToken cancellationToken) =>
        parameter.ParameterType == typeof(TimerInfo) ? info
        : parameter.ParameterType == typeof(CancellationToken) ? cancellationToken
        : throw new InvalidOperationException($"Cannot bind parameter '{parameter.Name}' of a timer function.");

    static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}

/// <summary>A timer schedule: NCRONTAB with seconds, or a fixed interval written as a TimeSpan.</summary>
public sealed class TimerSchedule
{
    readonly CronExpression? cron;
    readonly TimeSpan interval;

    TimerSchedule(CronExpression? cron, TimeSpan interval) => (this.cron, this.interval) = (cron, interval);

    public static TimerSchedule Parse(string expression, IConfiguration configuration)
    {
        var resolved = expression.Trim();
        if (resolved.Length > 2 && resolved.StartsWith('%') && resolved.EndsWith('%'))
        {
            var name = resolved[1..^1];
            resolved = configuration[name] ?? throw new InvalidOperationException($"Timer schedule setting '{name}' is not configured.");
        }
        if (TimeSpan.TryParse(resolved, out var interval) && interval > TimeSpan.Zero)
            return new TimerSchedule(null, interval);
        return new TimerSchedule(CronExpression.Parse(resolved, CronFormat.IncludeSeconds), TimeSpan.Zero);
    }

    public DateTime NextAfter(DateTime utc) =>
        cron is null ? utc + interval : cron.GetNextOccurrence(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) ?? DateTime.MaxValue;
}
