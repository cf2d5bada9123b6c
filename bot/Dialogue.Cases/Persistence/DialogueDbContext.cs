using Dialogue.Cases.Journal;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Dialogue.Safety.Escalation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Dialogue.Cases.Persistence;

public sealed class DialogueDbContext(DbContextOptions<DialogueDbContext> options) : DbContext(options)
{
    /// <summary>
    /// Contexts come from a pool (see <see cref="PersistenceServiceCollectionExtensions"/>): what the journal
    /// interceptor remembers about this use of the context (a turn's scope, suppression) ends with it.
    /// </summary>
    public override void Dispose()
    {
        Dialogue.Cases.Journal.JournalInterceptor.Forget(this);
        base.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public override ValueTask DisposeAsync()
    {
        Dialogue.Cases.Journal.JournalInterceptor.Forget(this);
        return base.DisposeAsync();
    }

    public DbSet<StateRecord> States => Set<StateRecord>();

    public DbSet<InboundActivity> Inbox => Set<InboundActivity>();

    public DbSet<OutboundActivity> Outbox => Set<OutboundActivity>();

    public DbSet<Office> Offices => Set<Office>();

    public DbSet<Veileder> Veiledere => Set<Veileder>();

    public DbSet<Person> Persons => Set<Person>();

    public DbSet<PersonPhone> PersonPhones => Set<PersonPhone>();

    public DbSet<PlanActivity> Activities => Set<PlanActivity>();

    public DbSet<Appointment> Appointments => Set<Appointment>();

    public DbSet<ChannelLink> ChannelLinks => Set<ChannelLink>();

    public DbSet<Enquiry> Enquiries => Set<Enquiry>();

    public DbSet<ConversationSummary> Summaries => Set<ConversationSummary>();

    public DbSet<MoodEntry> Moods => Set<MoodEntry>();

    public DbSet<LifeSituationAnswer> LifeSituation => Set<LifeSituationAnswer>();

    public DbSet<ContactRequest> ContactRequests => Set<ContactRequest>();

    public DbSet<SmsOptOut> SmsOptOuts => Set<SmsOptOut>();

    public DbSet<DirectLineConversationRecord> DirectLineConversations => Set<DirectLineConversationRecord>();

    public DbSet<DirectLineActivityRecord> DirectLineActivities => Set<DirectLineActivityRecord>();

    public DbSet<OfficeMessage> OfficeMessages => Set<OfficeMessage>();

    public DbSet<LinkCode> LinkCodes => Set<LinkCode>();

    public DbSet<Escalation> Escalations => Set<Escalation>();

    public DbSet<EscalationEvent> EscalationEvents => Set<EscalationEvent>();

    public DbSet<Handoff> Handoffs => Set<Handoff>();

    public DbSet<PersonContact> PersonContacts => Set<PersonContact>();

    /// <summary>The case record (M0010): append-only, hash-chained per person. See <see cref="JournalEntry"/>.</summary>
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();

    public DbSet<Dialogue.Plan.Scheduling.CheckInSchedule> CheckInSchedules => Set<Dialogue.Plan.Scheduling.CheckInSchedule>();

    public DbSet<Dialogue.Plan.Scheduling.ReminderSetting> ReminderSettings => Set<Dialogue.Plan.Scheduling.ReminderSetting>();

    public DbSet<Dialogue.Plan.Scheduling.AppointmentReminder> AppointmentReminders => Set<Dialogue.Plan.Scheduling.AppointmentReminder>();

    /// <summary>The access audit log (M0011): append-only. See <see cref="Dialogue.Cases.Audit.AccessAudit"/>.</summary>
    public DbSet<Dialogue.Cases.Audit.AccessAuditRecord> AccessAudit => Set<Dialogue.Cases.Audit.AccessAuditRecord>();

    /// <summary>The host's Data Protection key ring (M0015), shared by every replica.</summary>
    public DbSet<DataProtectionKeyRecord> DataProtectionKeys => Set<DataProtectionKeyRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (Database.IsSqlite())
        {
            // SQLite has no date type that sorts and compares correctly with offsets; store UTC ticks as INTEGER.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }

        PlanModel.ConfigureConventions(configurationBuilder);
        SafetyModel.ConfigureConventions(configurationBuilder);
        ScheduleModel.ConfigureConventions(configurationBuilder);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<StateRecord>(e =>
        {
            e.ToTable("bot_state");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(400);
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<InboundActivity>(e =>
        {
            e.ToTable("inbound_activities");
            e.HasKey(x => x.Id);
            e.Property(x => x.ChannelId).HasMaxLength(100);
            e.Property(x => x.ConversationId).HasMaxLength(400);
            e.Property(x => x.ActivityId).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.ChannelId, x.ConversationId, x.ActivityId }).IsUnique()
                .HasDatabaseName("ux_inbound_activities_key");
            e.HasIndex(x => new { x.Status, x.Id }).HasDatabaseName("ix_inbound_activities_status");
            e.HasIndex(x => new { x.ChannelId, x.ConversationId, x.ReceivedAt }).HasDatabaseName("ix_inbound_activities_received");
        });

        modelBuilder.Entity<OutboundActivity>(e =>
        {
            e.ToTable("outbound_activities");
            e.HasKey(x => x.Id);
            e.Property(x => x.ChannelId).HasMaxLength(100);
            e.Property(x => x.ConversationId).HasMaxLength(400);
            e.Property(x => x.ServiceUrl).HasMaxLength(2000);
            e.Property(x => x.ReplyToId).HasMaxLength(200);
            e.HasIndex(x => new { x.Status, x.Id }).HasDatabaseName("ix_outbound_activities_status");
            e.HasIndex(x => new { x.ChannelId, x.ConversationId, x.Status, x.SentAt }).HasDatabaseName("ix_outbound_activities_conversation");
        });

        PlanModel.Configure(modelBuilder);
        SmsModel.Configure(modelBuilder);
        DirectLineModel.Configure(modelBuilder);
        IdentityModel.Configure(modelBuilder);
        SafetyModel.Configure(modelBuilder);
        JournalModel.Configure(modelBuilder);
        ScheduleModel.Configure(modelBuilder);
        AuditModel.Configure(modelBuilder);
        DataProtectionModel.Configure(modelBuilder);
    }
}

/// <summary>Keeps one model per provider when SQLite and PostgreSQL contexts live in one process (as in the tests).</summary>
internal sealed class ProviderAwareModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context.Database.ProviderName, designTime);
}
