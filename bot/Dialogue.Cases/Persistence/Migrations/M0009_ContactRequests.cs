using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>Contact requests: a person asked for a human, and their veileder is to call them back.</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261206000009_ContactRequests")]
public sealed class M0009_ContactRequests : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.CreateTable(
            name: "contact_requests",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                OfficeId = table.Column<string>(maxLength: 4, nullable: false),
                VeilederId = table.Column<string>(maxLength: 20, nullable: false),
                Phone = table.Column<string>(maxLength: 16, nullable: true),
                PreferredTimeText = table.Column<string>(maxLength: 200, nullable: true),
                PreferredFrom = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
                ChannelId = table.Column<string>(maxLength: 100, nullable: false),
                ConversationId = table.Column<string>(maxLength: 400, nullable: false),
                Status = table.Column<string>(maxLength: 20, nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_contact_requests", x => x.Id);
                table.ForeignKey("fk_contact_requests_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_contact_requests_veileder", x => x.VeilederId, "veiledere", "Id");
            });
        migrationBuilder.CreateIndex("ix_contact_requests_office_status", "contact_requests", ["OfficeId", "Status"]);
        migrationBuilder.CreateIndex("ix_contact_requests_person", "contact_requests", "PersonId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("contact_requests");
    }
}
