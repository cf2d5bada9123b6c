namespace Dialogue.Cases.Messaging;

/// <summary>
/// Wakes a background worker early when there is new work; the worker also polls, so a lost signal only delays.
/// With a relay (the inbox and outbox signals on several replicas) a notify also wakes the other replicas' workers.
/// </summary>
public sealed class WorkSignal(Action? relay = null) : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Wakes the waiter here and, through the relay, on the other replicas.</summary>
    public void Notify()
    {
        NotifyHere();
        relay?.Invoke();
    }

    /// <summary>Wakes the waiter in this process only (a notice that came from another replica).</summary>
    public void NotifyHere()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);

    public void Dispose() => _signal.Dispose();
}
