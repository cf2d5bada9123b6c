using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>The activity-plan domain: offices, veiledere, persons and their phones, activities, appointments, channel links.</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261122000002_ActivityPlan")]
public sealed class M0002_ActivityPlan : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.CreateTable(
            name: "offices",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 4, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_offices", x => x.Id));

        migrationBuilder.CreateTable(
            name: "veiledere",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 20, nullable: false),
                FirstName = table.Column<string>(maxLength: 100, nullable: false),
                LastName = table.Column<string>(maxLength: 100, nullable: false),
                OfficeId = table.Column<string>(maxLength: 4, nullable: false),
                WorkPhone = table.Column<string>(maxLength: 16, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_veiledere", x => x.Id);
                table.ForeignKey("fk_veiledere_office", x => x.OfficeId, "offices", "Id");
            });

        migrationBuilder.CreateTable(
            name: "persons",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                FirstName = table.Column<string>(maxLength: 100, nullable: false),
                LastName = table.Column<string>(maxLength: 100, nullable: false),
                OfficeId = table.Column<string>(maxLength: 4, nullable: false),
                VeilederId = table.Column<string>(maxLength: 20, nullable: false),
                PreferredLanguage = table.Column<string>(maxLength: 5, nullable: false),
                Goal = table.Column<string>(nullable: true),
                GoalUpdatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_persons", x => x.Id);
                table.ForeignKey("fk_persons_office", x => x.OfficeId, "offices", "Id");
                table.ForeignKey("fk_persons_veileder", x => x.VeilederId, "veiledere", "Id");
            });
        migrationBuilder.CreateIndex("ix_persons_office", "persons", "OfficeId");

        migrationBuilder.CreateTable(
            name: "person_phones",
            columns: table => new
            {
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                Number = table.Column<string>(maxLength: 16, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_person_phones", x => new { x.PersonId, x.Number });
                table.ForeignKey("fk_person_phones_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_person_phones_number", "person_phones", "Number");

        migrationBuilder.CreateTable(
            name: "plan_activities",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                Title = table.Column<string>(maxLength: 200, nullable: false),
                Description = table.Column<string>(maxLength: 2000, nullable: true),
                Type = table.Column<string>(maxLength: 40, nullable: false),
                Status = table.Column<string>(maxLength: 20, nullable: false),
                FromDate = table.Column<DateOnly>(type: types.Date, nullable: true),
                ToDate = table.Column<DateOnly>(type: types.Date, nullable: true),
                Agreed = table.Column<bool>(nullable: false),
                Helper = table.Column<string>(maxLength: 200, nullable: true),
                LastChangedBy = table.Column<string>(maxLength: 20, nullable: false),
                NeedsVeilederReview = table.Column<bool>(nullable: false),
                UpdatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_plan_activities", x => x.Id);
                table.ForeignKey("fk_plan_activities_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_plan_activities_person", "plan_activities", "PersonId");

        migrationBuilder.CreateTable(
            name: "appointments",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                VeilederId = table.Column<string>(maxLength: 20, nullable: false),
                StartsAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                Place = table.Column<string>(maxLength: 200, nullable: false),
                Attendance = table.Column<string>(maxLength: 20, nullable: false),
                AnsweredAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_appointments", x => x.Id);
                table.ForeignKey("fk_appointments_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_appointments_veileder", x => x.VeilederId, "veiledere", "Id");
            });
        migrationBuilder.CreateIndex("ix_appointments_person", "appointments", "PersonId");

        migrationBuilder.CreateTable(
            name: "channel_links",
            columns: table => new
            {
                ChannelId = table.Column<string>(maxLength: 100, nullable: false),
                AccountId = table.Column<string>(maxLength: 200, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                LinkedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_channel_links", x => new { x.ChannelId, x.AccountId });
                table.ForeignKey("fk_channel_links_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var table in new[] { "channel_links", "appointments", "plan_activities", "person_phones", "persons", "veiledere", "offices" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
