using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Dialogue.Cases.Persistence;

/// <summary>Links a channel account (a web chat user id, a test id) to a person's case. SMS links by phone number instead.</summary>
public sealed class ChannelLink
{
    public required string ChannelId { get; init; }

    public required string AccountId { get; init; }

    public required PersonId PersonId { get; init; }

    public DateTimeOffset LinkedAt { get; init; }
}

/// <summary>How the activity-plan domain is stored. Enums are stored by name so the tables read well to people.</summary>
internal static class PlanModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c)
    {
        c.Properties<OfficeId>().HaveConversion<OfficeIdConverter>().HaveMaxLength(4);
        c.Properties<VeilederId>().HaveConversion<VeilederIdConverter>().HaveMaxLength(20);
        c.Properties<PersonId>().HaveConversion<PersonIdConverter>();
        c.Properties<ActivityId>().HaveConversion<ActivityIdConverter>();
        c.Properties<AppointmentId>().HaveConversion<AppointmentIdConverter>();
        c.Properties<PhoneNumber>().HaveConversion<PhoneNumberConverter>().HaveMaxLength(16);
        c.Properties<ActivityStatus>().HaveConversion<string>().HaveMaxLength(20);
        c.Properties<ActivityType>().HaveConversion<string>().HaveMaxLength(40);
        c.Properties<ChangedBy>().HaveConversion<string>().HaveMaxLength(20);
        c.Properties<Attendance>().HaveConversion<string>().HaveMaxLength(20);
        c.Properties<EnquiryKind>().HaveConversion<string>().HaveMaxLength(30);
        c.Properties<EnquiryStatus>().HaveConversion<string>().HaveMaxLength(20);
        c.Properties<LifeTopic>().HaveConversion<string>().HaveMaxLength(20);
        c.Properties<ContactRequestStatus>().HaveConversion<string>().HaveMaxLength(20);
    }

    public static void Configure(ModelBuilder b)
    {
        b.Entity<Office>(e =>
        {
            e.ToTable("offices");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(200);
        });
        b.Entity<Veileder>(e =>
        {
            e.ToTable("veiledere");
            e.HasKey(x => x.Id);
            e.Property(x => x.FirstName).HasMaxLength(100);
            e.Property(x => x.LastName).HasMaxLength(100);
            e.HasOne<Office>().WithMany().HasForeignKey(x => x.OfficeId);
        });
        b.Entity<Person>(e =>
        {
            e.ToTable("persons");
            e.HasKey(x => x.Id);
            e.Property(x => x.FirstName).HasMaxLength(100);
            e.Property(x => x.LastName).HasMaxLength(100);
            e.Property(x => x.PreferredLanguage).HasMaxLength(5);
            e.Property(x => x.RequestedQuestions).HasConversion<int>();
            e.HasOne<Office>().WithMany().HasForeignKey(x => x.OfficeId);
            e.HasOne<Veileder>().WithMany().HasForeignKey(x => x.VeilederId);
            e.HasMany(x => x.Phones).WithOne().HasForeignKey(x => x.PersonId);
            e.HasIndex(x => x.OfficeId).HasDatabaseName("ix_persons_office");
        });
        b.Entity<PersonPhone>(e =>
        {
            e.ToTable("person_phones");
            e.HasKey(x => new { x.PersonId, x.Number });

            // Not unique: phones are borrowed and shared, and one number may belong to two cases.
            e.HasIndex(x => x.Number).HasDatabaseName("ix_person_phones_number");
        });
        b.Entity<PlanActivity>(e =>
        {
            e.ToTable("plan_activities");
            e.HasKey(x => x.Id);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.Property(x => x.Helper).HasMaxLength(200);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId);
            e.HasIndex(x => x.PersonId).HasDatabaseName("ix_plan_activities_person");
        });
        b.Entity<Appointment>(e =>
        {
            e.ToTable("appointments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Place).HasMaxLength(200);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId);
            e.HasOne<Veileder>().WithMany().HasForeignKey(x => x.VeilederId);
            e.HasIndex(x => x.PersonId).HasDatabaseName("ix_appointments_person");
        });
        b.Entity<ChannelLink>(e =>
        {
            e.ToTable("channel_links");
            e.HasKey(x => new { x.ChannelId, x.AccountId });
            e.Property(x => x.ChannelId).HasMaxLength(100);
            e.Property(x => x.AccountId).HasMaxLength(200);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId);
        });
        b.Entity<Enquiry>(e =>
        {
            e.ToTable("enquiries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Text).HasMaxLength(2000);
            e.Property(x => x.AnswerNote).HasMaxLength(Dialogue.Cases.Safety.EnquiryDesk.MaxNoteLength);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId);
            e.HasIndex(x => new { x.OfficeId, x.Status }).HasDatabaseName("ix_enquiries_office_status");
        });
        b.Entity<ConversationSummary>(e =>
        {
            e.ToTable("conversation_summaries");
            e.HasKey(x => x.Id);
            e.Property(x => x.ChannelId).HasMaxLength(100);
            e.Property(x => x.ConversationId).HasMaxLength(400);
            e.Property(x => x.Text).HasMaxLength(4000);
            e.Property(x => x.Correction).HasMaxLength(2000);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId);
            e.HasIndex(x => x.PersonId).HasDatabaseName("ix_conversation_summaries_person");
        });
        b.Entity<MoodEntry>(e =>
        {
            e.ToTable("mood_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Word).HasMaxLength(100);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId);
            e.HasIndex(x => x.PersonId).HasDatabaseName("ix_mood_entries_person");
        });
        b.Entity<LifeSituationAnswer>(e =>
        {
            e.ToTable("life_situation_answers");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Skipped);
            e.Property(x => x.Answer).HasMaxLength(2000);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId);
            e.HasIndex(x => x.PersonId).HasDatabaseName("ix_life_situation_answers_person");
        });
        b.Entity<ContactRequest>(e =>
        {
            e.ToTable("contact_requests");
            e.HasKey(x => x.Id);
            e.Property(x => x.PreferredTimeText).HasMaxLength(ContactRequest.MaxPreferredTimeLength);
            e.Property(x => x.ChannelId).HasMaxLength(100);
            e.Property(x => x.ConversationId).HasMaxLength(400);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId);
            e.HasOne<Veileder>().WithMany().HasForeignKey(x => x.VeilederId);
            e.HasIndex(x => new { x.OfficeId, x.Status }).HasDatabaseName("ix_contact_requests_office_status");
            e.HasIndex(x => x.PersonId).HasDatabaseName("ix_contact_requests_person");
        });
    }

    private sealed class OfficeIdConverter() : ValueConverter<OfficeId, string>(v => v.Value, v => new OfficeId(v));

    private sealed class VeilederIdConverter() : ValueConverter<VeilederId, string>(v => v.Value, v => new VeilederId(v));

    private sealed class PersonIdConverter() : ValueConverter<PersonId, Guid>(v => v.Value, v => new PersonId(v));

    private sealed class ActivityIdConverter() : ValueConverter<ActivityId, Guid>(v => v.Value, v => new ActivityId(v));

    private sealed class AppointmentIdConverter() : ValueConverter<AppointmentId, Guid>(v => v.Value, v => new AppointmentId(v));

    private sealed class PhoneNumberConverter() : ValueConverter<PhoneNumber, string>(v => v.E164, v => PhoneNumber.Parse(v));
}
