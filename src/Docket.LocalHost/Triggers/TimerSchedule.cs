using System.Globalization;
using NCrontab;

namespace Docket.LocalHost.Triggers;

/// <summary>
/// A timer schedule as the timer extension reads it: an NCRONTAB expression (NCrontab, 6 fields with seconds first
/// or the classic 5), else a fixed interval written as a TimeSpan; "%Setting%" resolved from configuration; the
/// expression evaluated in WEBSITE_TIME_ZONE when set, else in UTC.
/// </summary>
public sealed class TimerSchedule
{
    public const string TimeZoneSetting = "WEBSITE_TIME_ZONE";

    readonly CrontabSchedule? cron;
    readonly TimeSpan interval;
    readonly TimeZoneInfo zone;

    TimerSchedule(CrontabSchedule? cron, TimeSpan interval, TimeZoneInfo zone) =>
        (this.cron, this.interval, this.zone) = (cron, interval, zone);

    public static TimerSchedule Parse(string expression, IConfiguration configuration)
    {
        var resolved = expression.Trim();
        if (resolved.Length > 2 && resolved.StartsWith('%') && resolved.EndsWith('%'))
        {
            var name = resolved[1..^1];
            resolved = configuration[name]
                ?? throw new InvalidOperationException($"Timer schedule setting '{name}' is not configured.");
        }
        var zoneName = configuration[TimeZoneSetting];
        var zone = string.IsNullOrWhiteSpace(zoneName)
            ? TimeZoneInfo.Utc
            : TimeZoneInfo.FindSystemTimeZoneById(zoneName);

        var fields = resolved.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var cron = fields is 5 or 6
            ? CrontabSchedule.TryParse(resolved, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 })
            : null;
        if (cron is not null) return new TimerSchedule(cron, TimeSpan.Zero, zone);
        if (TimeSpan.TryParse(resolved, CultureInfo.InvariantCulture, out var every) && every > TimeSpan.Zero)
            return new TimerSchedule(null, every, zone);
        throw new InvalidOperationException($"'{resolved}' is neither an NCRONTAB expression nor a TimeSpan.");
    }

    /// <summary>The first occurrence strictly after <paramref name="utc"/>, in UTC.</summary>
    public DateTime NextAfter(DateTime utc)
    {
        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        if (cron is null) return utc + interval;
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var next = cron.GetNextOccurrence(local);
        // A wall-clock time skipped by a daylight-saving change does not happen that day.
        while (zone.IsInvalidTime(next))
            next = cron.GetNextOccurrence(next);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(next, DateTimeKind.Unspecified), zone);
    }

    /// <summary>The extension turns UseMonitor off for schedules that recur more often than once a minute.</summary>
    public bool RecursWithinAMinute(DateTime utc)
    {
        var first = NextAfter(utc);
        return NextAfter(first) - first < TimeSpan.FromMinutes(1);
    }
}
