namespace Dialogue.Bot.Security;

/// <summary>
/// <c>RateLimits:*</c>: how much one client address, one phone number and one recipient may get. The per-address
/// limits are per replica (in memory); the outbound SMS cap is counted in the database, so it holds across restarts
/// and replicas.
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    /// <summary>Off only for load tests; the outbound SMS cap is kept regardless.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Requests per minute from one address to <c>/api/messages</c>. Azure Bot Service carries every user through a
    /// few addresses, so this is high: it stops a runaway caller, not a busy channel.
    /// </summary>
    public int MessagesPerMinute { get; set; } = 1200;

    /// <summary>Requests per minute from one address to Direct Line (<c>/v3/directline/*</c>): one office's NAT carries many chats.</summary>
    public int DirectLinePerMinute { get; set; } = 300;

    /// <summary>Requests per minute from one address to the Twilio webhooks (Twilio's own addresses carry every SMS).</summary>
    public int TwilioPerMinute { get; set; } = 1200;

    /// <summary>Sign-in attempts per minute from one address (<c>/veileder/login</c>, <c>/veileder/api/dev-token</c>).</summary>
    public int StaffSignInPerMinute { get; set; } = 20;

    /// <summary>Inbound SMS from one number per <see cref="SmsPerNumberWindow"/> that get a turn; more are screened, and dropped unless they show distress.</summary>
    public int SmsPerNumber { get; set; } = 20;

    public TimeSpan SmsPerNumberWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// SMS sent to one number per day (Europe/Oslo). Beyond it, replies and proactive SMS to that number are held
    /// (status "held"); safety replies to a message in distress, veileder messages and staff notices are never held.
    /// 0 turns the cap off.
    /// </summary>
    public int OutboundSmsPerNumberPerDay { get; set; } = 40;

    public void Validate()
    {
        Check(MessagesPerMinute, nameof(MessagesPerMinute));
        Check(DirectLinePerMinute, nameof(DirectLinePerMinute));
        Check(TwilioPerMinute, nameof(TwilioPerMinute));
        Check(StaffSignInPerMinute, nameof(StaffSignInPerMinute));
        Check(SmsPerNumber, nameof(SmsPerNumber));
        if (SmsPerNumberWindow <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:{nameof(SmsPerNumberWindow)} must be positive.");
        }

        if (OutboundSmsPerNumberPerDay < 0)
        {
            throw new InvalidOperationException($"{Section}:{nameof(OutboundSmsPerNumberPerDay)} must be 0 (off) or more.");
        }
    }

    private static void Check(int value, string name)
    {
        if (value < 1)
        {
            throw new InvalidOperationException($"{Section}:{name} must be at least 1.");
        }
    }
}
