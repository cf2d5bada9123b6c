using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Dialogue.Cases.Persistence;

/// <summary>How escalations, their history, handoffs and last contact are stored (migration M0008).</summary>
internal static class SafetyModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c)
    {
        c.Properties<EscalationId>().HaveConversion<EscalationIdConverter>();
        c.Properties<RiskLevel>().HaveConversion<string>().HaveMaxLength(20);
        c.Properties<EscalationKind>().HaveConversion<string>().HaveMaxLength(20);
        c.Properties<EscalationStatus>().HaveConversion<string>().HaveMaxLength(20);
        c.Properties<StaffRole>().HaveConversion<string>().HaveMaxLength(20);
    }

    public static void Configure(ModelBuilder b)
    {
        b.Entity<Escalation>(e =>
        {
            e.ToTable("escalations");
            e.HasKey(x => x.Id);
            e.Property(x => x.SenderAddress).HasMaxLength(200);
            e.Property(x => x.ChannelId).HasMaxLength(100);
            e.Property(x => x.ConversationId).HasMaxLength(400);
            e.Property(x => x.MessageText).HasMaxLength(Escalation.MaxMessageLength);
            e.Property(x => x.LexiconVersion).HasMaxLength(40);
            e.Property(x => x.ResolutionNote).HasMaxLength(2000);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.OfficeId, x.Status }).HasDatabaseName("ix_escalations_office_status");
            e.HasIndex(x => new { x.Status, x.AcknowledgeBy }).HasDatabaseName("ix_escalations_status_due");
            e.HasIndex(x => new { x.ChannelId, x.ConversationId }).HasDatabaseName("ix_escalations_conversation");
        });
        b.Entity<EscalationEvent>(e =>
        {
            e.ToTable("escalation_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Type).HasMaxLength(40);
            e.Property(x => x.Actor).HasMaxLength(40);
            e.Property(x => x.Note).HasMaxLength(2000);
            e.HasOne<Escalation>().WithMany().HasForeignKey(x => x.EscalationId);
            e.HasIndex(x => x.EscalationId).HasDatabaseName("ix_escalation_events_escalation");
        });
        b.Entity<Handoff>(e =>
        {
            e.ToTable("handoffs");
            e.HasKey(x => x.Id);
            e.Property(x => x.ChannelId).HasMaxLength(100);
            e.Property(x => x.ConversationId).HasMaxLength(400);
            e.Property(x => x.VeilederFirstName).HasMaxLength(100);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.ChannelId, x.ConversationId, x.EndedAt }).HasDatabaseName("ix_handoffs_conversation");
        });
        b.Entity<PersonContact>(e =>
        {
            e.ToTable("person_contacts");
            e.HasKey(x => x.PersonId);
            e.HasIndex(x => x.LastMessageAt).HasDatabaseName("ix_person_contacts_last");
        });
    }

    private sealed class EscalationIdConverter() : ValueConverter<EscalationId, Guid>(v => v.Value, v => new EscalationId(v));
}
