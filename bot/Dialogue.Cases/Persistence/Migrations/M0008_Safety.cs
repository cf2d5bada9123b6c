using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>Escalations with their history, handoffs, last contact per person; staff roles and office duty phones.</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261206000008_Safety")]
public sealed class M0008_Safety : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.AddColumn<string>("Role", "veiledere", maxLength: 20, nullable: false, defaultValue: "Veileder");
        migrationBuilder.AddColumn<string>("DutyPhone", "offices", maxLength: 16, nullable: true);

        migrationBuilder.CreateTable(
            name: "escalations",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                Level = table.Column<string>(maxLength: 20, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: true),
                SenderAddress = table.Column<string>(maxLength: 200, nullable: false),
                OfficeId = table.Column<string>(maxLength: 4, nullable: true),
                VeilederId = table.Column<string>(maxLength: 20, nullable: true),
                ChannelId = table.Column<string>(maxLength: 100, nullable: false),
                ConversationId = table.Column<string>(maxLength: 400, nullable: false),
                MessageText = table.Column<string>(maxLength: 2000, nullable: true),
                SignalsJson = table.Column<string>(nullable: false),
                LexiconVersion = table.Column<string>(maxLength: 40, nullable: true),
                Status = table.Column<string>(maxLength: 20, nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                OutsideOfficeHours = table.Column<bool>(nullable: false),
                AcknowledgeBy = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
                RoutedToBackupAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
                AcknowledgedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
                AcknowledgedBy = table.Column<string>(maxLength: 20, nullable: true),
                ResolvedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
                ResolutionNote = table.Column<string>(maxLength: 2000, nullable: true),
                Version = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_escalations", x => x.Id));
        migrationBuilder.CreateIndex("ix_escalations_office_status", "escalations", ["OfficeId", "Status"]);
        migrationBuilder.CreateIndex("ix_escalations_status_due", "escalations", ["Status", "AcknowledgeBy"]);
        migrationBuilder.CreateIndex("ix_escalations_conversation", "escalations", ["ChannelId", "ConversationId"]);

        migrationBuilder.CreateTable(
            name: "escalation_events",
            columns: table => new
            {
                Id = types.Identity(table.Column<long>(nullable: false)),
                EscalationId = table.Column<Guid>(type: types.Guid, nullable: false),
                Type = table.Column<string>(maxLength: 40, nullable: false),
                Actor = table.Column<string>(maxLength: 40, nullable: false),
                Note = table.Column<string>(maxLength: 2000, nullable: true),
                At = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_escalation_events", x => x.Id);
                table.ForeignKey("fk_escalation_events_escalation", x => x.EscalationId, "escalations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_escalation_events_escalation", "escalation_events", "EscalationId");

        migrationBuilder.CreateTable(
            name: "handoffs",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                ChannelId = table.Column<string>(maxLength: 100, nullable: false),
                ConversationId = table.Column<string>(maxLength: 400, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: true),
                OfficeId = table.Column<string>(maxLength: 4, nullable: false),
                VeilederId = table.Column<string>(maxLength: 20, nullable: false),
                VeilederFirstName = table.Column<string>(maxLength: 100, nullable: false),
                EscalationId = table.Column<Guid>(type: types.Guid, nullable: true),
                StartedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                EndedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
                Version = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_handoffs", x => x.Id));
        migrationBuilder.CreateIndex("ix_handoffs_conversation", "handoffs", ["ChannelId", "ConversationId", "EndedAt"]);

        migrationBuilder.CreateTable(
            name: "person_contacts",
            columns: table => new
            {
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                FirstMessageAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                LastMessageAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                MessageCount = table.Column<int>(nullable: false),
                SilenceFlaggedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_person_contacts", x => x.PersonId));
        migrationBuilder.CreateIndex("ix_person_contacts_last", "person_contacts", "LastMessageAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("person_contacts");
        migrationBuilder.DropTable("handoffs");
        migrationBuilder.DropTable("escalation_events");
        migrationBuilder.DropTable("escalations");
        migrationBuilder.DropColumn("DutyPhone", "offices");
        migrationBuilder.DropColumn("Role", "veiledere");
    }
}
