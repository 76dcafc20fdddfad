using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Docket.Functions.Tests.Infrastructure;

/// <summary>Every log line the test hosts write, so tests can check that no secret is ever logged.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public static CapturedLogs Instance { get; } = new();

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
