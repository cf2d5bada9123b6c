using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Persistence;

/// <summary>How messages from people not linked to a case, and link codes, are stored (migration M0007).</summary>
internal static class IdentityModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<OfficeMessage>(e =>
        {
            e.ToTable("office_messages");
            e.HasKey(x => x.Id);
            e.Property(x => x.ChannelId).HasMaxLength(100);
            e.Property(x => x.ConversationId).HasMaxLength(400);
            e.Property(x => x.SenderAddress).HasMaxLength(200);
            e.Property(x => x.Text).HasMaxLength(OfficeMessage.MaxTextLength);
            e.Property(x => x.ContactInfo).HasMaxLength(OfficeMessage.MaxContactLength);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.HandledNote).HasMaxLength(Dialogue.Cases.Safety.EnquiryDesk.MaxNoteLength);

            // No foreign key to offices: a message may wait in the unassigned queue (no office).
            e.HasIndex(x => new { x.OfficeId, x.Status }).HasDatabaseName("ix_office_messages_office_status");
        });
        b.Entity<LinkCode>(e =>
        {
            e.ToTable("link_codes");
            e.HasKey(x => x.Id);
            e.Property(x => x.Salt).HasMaxLength(32);
            e.Property(x => x.Hash).HasMaxLength(64);

            // A code is used or revoked once: two turns (or a turn and a new code) racing for it cannot both win.
            e.Property(x => x.UsedAt).IsConcurrencyToken();
            e.Property(x => x.RevokedAt).IsConcurrencyToken();
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId);
            e.HasIndex(x => x.PersonId).HasDatabaseName("ix_link_codes_person");
        });
    }
}
