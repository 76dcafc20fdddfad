using Docket.LocalHost.Triggers;
using Microsoft.Extensions.Configuration;

namespace Docket.Functions.Tests.LocalHost;

/// <summary>Schedules read as the timer extension reads them (NCrontab, TimeSpan, WEBSITE_TIME_ZONE).</summary>
public sealed class TimerScheduleTests
{
    static readonly DateTime Midnight = new(2026, 1, 15, 0, 0, 0, DateTimeKind.Utc);

    static TimerSchedule Parse(string expression, string? timeZone = null) =>
        TimerSchedule.Parse(expression, new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                [TimerSchedule.TimeZoneSetting] = timeZone,
                ["My:Schedule"] = "0 30 * * * *",
            }).Build());

    [Fact]
    public void Six_fields_start_with_seconds() =>
        Assert.Equal(Midnight.AddSeconds(10), Parse("*/10 * * * * *").NextAfter(Midnight));

    [Fact]
    public void Five_fields_are_classic_cron_without_seconds() =>
        Assert.Equal(Midnight.AddMinutes(5), Parse("*/5 * * * *").NextAfter(Midnight));

    [Fact]
    public void A_time_span_is_a_fixed_interval() =>
        Assert.Equal(Midnight.AddSeconds(90), Parse("00:01:30").NextAfter(Midnight));

    [Fact]
    public void A_setting_reference_is_resolved() =>
        Assert.Equal(Midnight.AddMinutes(30), Parse("%My:Schedule%").NextAfter(Midnight));

    [Fact]
    public void Website_time_zone_evaluates_the_expression_in_that_zone()
    {
        // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer.
        var nineInBerlin = Parse("0 0 9 * * *", "Europe/Berlin");
        Assert.Equal(Midnight.AddHours(8), nineInBerlin.NextAfter(Midnight));
        Assert.Equal(new DateTime(2026, 7, 15, 7, 0, 0, DateTimeKind.Utc),
            nineInBerlin.NextAfter(new DateTime(2026, 7, 15, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void A_wall_clock_time_skipped_by_daylight_saving_does_not_run_that_day()
    {
        // 02:30 does not exist in Berlin on 29 March 2026; the next 02:30 is on the 30th (00:30 UTC, summer time).
        var schedule = Parse("0 30 2 * * *", "Europe/Berlin");
        Assert.Equal(new DateTime(2026, 3, 30, 0, 30, 0, DateTimeKind.Utc),
            schedule.NextAfter(new DateTime(2026, 3, 28, 23, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Schedules_recurring_within_a_minute_are_told_apart_for_use_monitor()
    {
        Assert.True(Parse("*/10 * * * * *").RecursWithinAMinute(Midnight));
        Assert.False(Parse("0 */5 * * * *").RecursWithinAMinute(Midnight));
    }

    [Fact]
    public void An_expression_that_is_neither_cron_nor_time_span_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => Parse("every day"));
}
