namespace Dialogue.Cases.Messaging;

/// <summary>How the outbox sends (configuration section <c>Outbox</c>).</summary>
public sealed class OutboxSettings
{
    public const string SectionName = "Outbox";

    private int _parallelism = 8;

    /// <summary>
    /// How many conversations one replica sends to at once (1–64, default 8). Within a conversation replies always go
    /// one at a time, in order. Higher values keep a slow channel from holding everyone back; each in-flight send is
    /// also a reply that may be sent twice if the process dies before its Sent status is stored.
    /// </summary>
    public int Parallelism
    {
        get => _parallelism;
        set => _parallelism = value is >= 1 and <= 64
            ? value
            : throw new InvalidOperationException($"Outbox:Parallelism must be between 1 and 64 (was {value}).");
    }
}
