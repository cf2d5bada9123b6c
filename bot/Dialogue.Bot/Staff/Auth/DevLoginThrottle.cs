namespace Dialogue.Bot.Staff.Auth;

/// <summary>
/// Development only: locks an ident after <see cref="StaffAuthSettings.DevLoginMaxFailures"/> failed sign-ins within
/// <see cref="StaffAuthSettings.DevLoginWindow"/> (10 in 15 minutes by default), until the oldest of them is that old.
/// In memory, per process: enough for the shared demo password on a developer's machine or a test server, not a
/// production lockout. A successful sign-in clears the ident's failures.
/// </summary>
public sealed class DevLoginThrottle(StaffAuthSettings settings, TimeProvider clock)
{
    /// <summary>Above this many idents in memory, those without recent failures are dropped.</summary>
    private const int MaxTracked = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>When the ident may try again, or null when it is not locked.</summary>
    public DateTimeOffset? LockedUntil(string ident)
    {
        ArgumentNullException.ThrowIfNull(ident);
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (!_failures.TryGetValue(ident, out var failures))
            {
                return null;
            }

            Forget(failures, now);
            return failures.Count >= settings.DevLoginMaxFailures ? failures.Peek() + settings.DevLoginWindow : null;
        }
    }

    public void Failed(string ident)
    {
        ArgumentNullException.ThrowIfNull(ident);
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_failures.Count >= MaxTracked)
            {
                foreach (var stale in _failures.Where(f => { Forget(f.Value, now); return f.Value.Count == 0; }).Select(f => f.Key).ToList())
                {
                    _failures.Remove(stale);
                }
            }

            if (!_failures.TryGetValue(ident, out var failures))
            {
                failures = new Queue<DateTimeOffset>();
                _failures[ident] = failures;
            }

            Forget(failures, now);
            failures.Enqueue(now);
        }
    }

    public void Succeeded(string ident)
    {
        ArgumentNullException.ThrowIfNull(ident);
        lock (_gate)
        {
            _failures.Remove(ident);
        }
    }

    private void Forget(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + settings.DevLoginWindow <= now)
        {
            failures.Dequeue();
        }
    }
}
