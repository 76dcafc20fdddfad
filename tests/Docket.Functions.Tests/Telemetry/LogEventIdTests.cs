using System.Reflection;
using Docket.Application.Telemetry;
using Docket.Functions.Hosting;
using Microsoft.Extensions.Logging;

namespace Docket.Functions.Tests.Telemetry;

/// <summary>Log lines are source-generated with event ids that name one line each, so a query or alert can use them.
/// </summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void Every_log_message_has_its_own_event_id_in_its_assemblys_range()
    {
        var messages = new[] { typeof(DocketMetrics).Assembly, typeof(DocketTelemetry).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Select(method => (Method: method, Message: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Message is not null)
            .ToList();

        Assert.True(messages.Count >= 30, $"{messages.Count} log messages");
        var duplicates = messages.GroupBy(m => m.Message!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method.Name))}").ToList();
        Assert.Empty(duplicates);
        Assert.All(messages, m => Assert.InRange(m.Message!.EventId,
            m.Method.DeclaringType!.Assembly == typeof(DocketMetrics).Assembly ? 1000 : 2000,
            m.Method.DeclaringType!.Assembly == typeof(DocketMetrics).Assembly ? 1999 : 2999));
    }
}
