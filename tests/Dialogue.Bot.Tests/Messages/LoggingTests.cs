using System.Collections.Concurrent;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dialogue.Bot.Tests.Messages;

/// <summary>What people write is sensitive: it may appear in logs at Debug only, never at Information or above.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Message_text_never_reaches_logs_above_debug()
    {
        var logs = new CapturingLoggerProvider();
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db,
            services => services.AddSingleton<ILoggerProvider>(logs),
            host => host.UseSetting("Logging:LogLevel:Default", "Debug"));
        const string Secret = "hemmelig-tekst-4711";

        await app.SayAsync("logging", "hei");
        await app.SayAsync("logging", Secret);
        await app.SayAsync("logging", "{ broken " + Secret);

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && e.Message.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level > LogLevel.Debug && e.Message.Contains(Secret, StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("test/logging", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Entries);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(ConcurrentQueue<(LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((logLevel, formatter(state, exception) + " " + exception));
    }
}
