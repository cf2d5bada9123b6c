using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>Henvendelser (enquiries to the veileder) and samtalereferater (conversation summaries).</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261122000003_EnquiriesAndSummaries")]
public sealed class M0003_EnquiriesAndSummaries : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.CreateTable(
            name: "enquiries",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                OfficeId = table.Column<string>(maxLength: 4, nullable: false),
                Kind = table.Column<string>(maxLength: 30, nullable: false),
                ActivityId = table.Column<Guid>(type: types.Guid, nullable: true),
                Text = table.Column<string>(maxLength: 2000, nullable: true),
                Status = table.Column<string>(maxLength: 20, nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_enquiries", x => x.Id);
                table.ForeignKey("fk_enquiries_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_enquiries_office_status", "enquiries", ["OfficeId", "Status"]);

        migrationBuilder.CreateTable(
            name: "conversation_summaries",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                ChannelId = table.Column<string>(maxLength: 100, nullable: false),
                ConversationId = table.Column<string>(maxLength: 400, nullable: false),
                Text = table.Column<string>(maxLength: 4000, nullable: false),
                Confirmed = table.Column<bool>(nullable: false),
                Correction = table.Column<string>(maxLength: 2000, nullable: true),
                CreatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_conversation_summaries", x => x.Id);
                table.ForeignKey("fk_conversation_summaries_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_conversation_summaries_person", "conversation_summaries", "PersonId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("conversation_summaries");
        migrationBuilder.DropTable("enquiries");
    }
}
