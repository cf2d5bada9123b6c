using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Dialogue.Bot.Tests.Audit;

/// <summary>
/// A logger provider that keeps everything logged to it, at every level: the formatted message, each structured value
/// and the exception text, as the console's JSON formatter would write them.
/// </summary>
public sealed class LogRecorder : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, string?>> Values, string? Exception)
    {
        /// <summary>Everything a log sink could write for this entry, in one string.</summary>
        public string AllText => string.Join('\n', [Message, .. Values.Select(v => $"{v.Key}={v.Value}"), Exception ?? string.Empty]);
    }

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, Entries);

    public IEnumerable<Entry> In(string category) => Entries.Where(e => e.Category == category);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => new KeyValuePair<string, string?>(p.Key, Convert.ToString(p.Value, CultureInfo.InvariantCulture))).ToList()
                : [];
            entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
