using Dialogue.Plan.Domain;
using Dialogue.Plan.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Dialogue.Cases.Persistence;

/// <summary>How scheduled check-ins and appointment reminders are stored (M0012). Enums by name, times of day as "HH:mm".</summary>
internal static class ScheduleModel
{
    public static void ConfigureConventions(ModelConfigurationBuilder c)
    {
        c.Properties<CheckInScheduleId>().HaveConversion<CheckInScheduleIdConverter>();
        c.Properties<ScheduleOutcome>().HaveConversion<string>().HaveMaxLength(20);
        c.Properties<ReminderKind>().HaveConversion<string>().HaveMaxLength(20);
        c.Properties<DayOfWeek>().HaveConversion<string>().HaveMaxLength(10);
        c.Properties<TimeOnly>().HaveConversion<TimeOfDayConverter>().HaveMaxLength(5);
    }

    public static void Configure(ModelBuilder b)
    {
        b.Entity<CheckInSchedule>(e =>
        {
            e.ToTable("checkin_schedules");
            e.HasKey(x => x.Id);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.PersonId).HasDatabaseName("ix_checkin_schedules_person");
            e.HasIndex(x => new { x.Active, x.NextDueAt }).HasDatabaseName("ix_checkin_schedules_due");
        });
        b.Entity<ReminderSetting>(e =>
        {
            e.ToTable("reminder_settings");
            e.HasKey(x => x.PersonId);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AppointmentReminder>(e =>
        {
            e.ToTable("appointment_reminders");
            e.HasKey(x => new { x.AppointmentId, x.Kind });
            e.HasOne<Appointment>().WithMany().HasForeignKey(x => x.AppointmentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.PersonId).HasDatabaseName("ix_appointment_reminders_person");
        });
    }

    private sealed class CheckInScheduleIdConverter() : ValueConverter<CheckInScheduleId, Guid>(v => v.Value, v => new CheckInScheduleId(v));

    private sealed class TimeOfDayConverter() : ValueConverter<TimeOnly, string>(
        v => v.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        v => TimeOnly.ParseExact(v, "HH:mm", System.Globalization.CultureInfo.InvariantCulture));
}
