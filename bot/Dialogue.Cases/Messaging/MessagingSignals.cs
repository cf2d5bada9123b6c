namespace Dialogue.Cases.Messaging;

/// <summary>Wake-up signals for the inbox and outbox workers.</summary>
public sealed class MessagingSignals : IDisposable
{
    public WorkSignal Inbox { get; } = new();

    public WorkSignal Outbox { get; } = new();

    public void Dispose()
    {
        Inbox.Dispose();
        Outbox.Dispose();
    }
}
