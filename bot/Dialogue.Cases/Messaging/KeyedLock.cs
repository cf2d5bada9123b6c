namespace Dialogue.Cases.Messaging;

/// <summary>
/// One async lock per key (here: per conversation), created on demand and dropped when nobody holds or waits
/// for it, so turns of one conversation run one at a time while other conversations run in parallel.
/// </summary>
public sealed class KeyedLock
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var entry = Reference(key);

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(key, entry, held: false);
            throw;
        }

        return new Releaser(this, key, entry);
    }

    /// <summary>The key's entry, created if needed, with one more reference (released by <see cref="Release"/>).</summary>
    private Entry Reference(string key)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                _entries[key] = entry;
            }

            entry.References++;
            return entry;
        }
    }

    /// <summary>Takes the key's lock if it is free now; null when someone holds it.</summary>
    public IDisposable? TryAcquire(string key)
    {
        var entry = Reference(key);

        if (entry.Semaphore.Wait(0))
        {
            return new Releaser(this, key, entry);
        }

        Release(key, entry, held: false);
        return null;
    }

    /// <summary>How many keys currently have a holder or waiters; 0 when idle, so locks never pile up per conversation.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    private void Release(string key, Entry entry, bool held)
    {
        if (held)
        {
            entry.Semaphore.Release();
        }

        lock (_entries)
        {
            if (--entry.References == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int References { get; set; }
    }

    private sealed class Releaser(KeyedLock owner, string key, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(key, entry, held: true);
            }
        }
    }
}
