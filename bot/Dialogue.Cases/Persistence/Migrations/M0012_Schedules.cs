using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>Scheduled check-ins (weekly, per person), appointment reminder settings, and the reminders that were due (once each).</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261206000012_Schedules")]
public sealed class M0012_Schedules : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.CreateTable(
            name: "checkin_schedules",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                Phone = table.Column<string>(maxLength: 16, nullable: false),
                Day = table.Column<string>(maxLength: 10, nullable: false),
                Time = table.Column<string>(maxLength: 5, nullable: false),
                Active = table.Column<bool>(nullable: false),
                NextDueAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                LastStartedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
                LastOutcome = table.Column<string>(maxLength: 20, nullable: true),
                UpdatedBy = table.Column<string>(maxLength: 20, nullable: false),
                UpdatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_checkin_schedules", x => x.Id);
                table.ForeignKey("fk_checkin_schedules_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_checkin_schedules_person", "checkin_schedules", "PersonId");
        migrationBuilder.CreateIndex("ix_checkin_schedules_due", "checkin_schedules", ["Active", "NextDueAt"]);

        migrationBuilder.CreateTable(
            name: "reminder_settings",
            columns: table => new
            {
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                Phone = table.Column<string>(maxLength: 16, nullable: false),
                Active = table.Column<bool>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 20, nullable: false),
                UpdatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_reminder_settings", x => x.PersonId);
                table.ForeignKey("fk_reminder_settings_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "appointment_reminders",
            columns: table => new
            {
                AppointmentId = table.Column<Guid>(type: types.Guid, nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                Outcome = table.Column<string>(maxLength: 20, nullable: false),
                At = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_appointment_reminders", x => new { x.AppointmentId, x.Kind });
                table.ForeignKey("fk_appointment_reminders_appointment", x => x.AppointmentId, "appointments", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_appointment_reminders_person", "appointment_reminders", "PersonId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("appointment_reminders");
        migrationBuilder.DropTable("reminder_settings");
        migrationBuilder.DropTable("checkin_schedules");
    }
}
