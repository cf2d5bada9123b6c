namespace Dialogue.Tests.Shared;

/// <summary>A clock the test sets. Default: Wednesday 18 November 2026, 13:15 in Oslo.</summary>
public sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Wednesday = new(2026, 11, 18, 12, 15, 0, TimeSpan.Zero);

    public FakeClock()
        : this(Wednesday)
    {
    }

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
