using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dialogue.Bot.Tests.Support;

/// <summary>
/// Records the SQL statements and commits EF Core runs in the current async flow (and what it starts), from EF's
/// diagnostic events: commands run by background workers or by other tests are not counted. With an in-process host the
/// request must carry the flow (<c>TestServerOptions.PreserveExecutionContext</c>). Counts, never timings.
/// </summary>
public sealed class SqlRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private static readonly AsyncLocal<SqlRecorder?> Current = new();

    private readonly Lock _gate = new();
    private readonly List<string> _statements = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;
    private int _commits;
    private int _opens;

    public SqlRecorder()
    {
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Every statement, in order, with "[tx]" in front when it ran inside an explicit transaction.</summary>
    public IReadOnlyList<string> Statements
    {
        get
        {
            lock (_gate)
            {
                return [.. _statements];
            }
        }
    }

    /// <summary>Durable commits: committed transactions plus writes that ran on their own (autocommit).</summary>
    public int Commits
    {
        get
        {
            lock (_gate)
            {
                return _commits + _statements.Count(s => !s.StartsWith("[tx]", StringComparison.Ordinal) && IsWrite(s));
            }
        }
    }

    /// <summary>How many times a connection was opened (each open of a pooled SQLite connection costs its setup again).</summary>
    public int Opens
    {
        get
        {
            lock (_gate)
            {
                return _opens;
            }
        }
    }

    /// <summary>Records what runs in this async flow until the result is disposed.</summary>
    public IDisposable Record()
    {
        lock (_gate)
        {
            _statements.Clear();
            _commits = 0;
            _opens = 0;
        }

        Current.Value = this;
        return new Stop();
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_gate)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_gate)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (!ReferenceEquals(Current.Value, this))
        {
            return;
        }

        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData executed)
        {
            var text = Describe(executed.Command);
            lock (_gate)
            {
                _statements.Add(executed.Command.Transaction is null ? text : "[tx] " + text);
            }
        }
        else if (value.Key == RelationalEventId.ConnectionOpened.Name)
        {
            lock (_gate)
            {
                _opens++;
            }
        }
        else if (value.Key == RelationalEventId.TransactionCommitted.Name)
        {
            lock (_gate)
            {
                _commits++;
            }
        }
    }

    private static string Describe(DbCommand command) => command.CommandText.ReplaceLineEndings(" ").Trim();

    private static bool IsWrite(string statement)
    {
        var s = statement.TrimStart();
        return s.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || s.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || s.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase);
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    private sealed class Stop : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
