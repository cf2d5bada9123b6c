using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Persistence;

/// <summary>
/// A phone number that sent STOPP: no SMS goes to it (answers, reminders, anything) until it sends START. One row per
/// number; opting in again keeps the row with <see cref="OptedInAt"/> set, opting out again clears it.
/// </summary>
public sealed class SmsOptOut
{
    public required PhoneNumber Phone { get; init; }

    public DateTimeOffset OptedOutAt { get; set; }

    /// <summary>When the number sent START after its latest STOPP; null while it is opted out.</summary>
    public DateTimeOffset? OptedInAt { get; set; }

    /// <summary>The inbound message (Twilio MessageSid) that opted out: its one confirmation is still sent.</summary>
    public string? OptOutActivityId { get; set; }

    public bool IsOptedOut => OptedInAt is null;
}

/// <summary>How the SMS channel's own data is stored: opt-outs, and the delivery columns of the outbox (M0005).</summary>
internal static class SmsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<SmsOptOut>(e =>
        {
            e.ToTable("sms_opt_outs");
            e.HasKey(x => x.Phone);
            e.Property(x => x.OptOutActivityId).HasMaxLength(200);
            e.Ignore(x => x.IsOptedOut);
        });
        b.Entity<OutboundActivity>(e =>
        {
            e.Property(x => x.ProviderMessageId).HasMaxLength(64);
            e.Property(x => x.DeliveryStatus).HasMaxLength(20);
            e.Property(x => x.DeliveryErrorCode).HasMaxLength(20);
            e.HasIndex(x => x.ProviderMessageId).HasDatabaseName("ix_outbound_activities_provider_message_id");
        });
    }
}
