using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>The offices' queue of messages from people not linked to a case, and one-time link codes (hashed).</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261122000007_OfficeMessagesAndLinkCodes")]
public sealed class M0007_OfficeMessagesAndLinkCodes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.CreateTable(
            name: "office_messages",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                OfficeId = table.Column<string>(maxLength: 4, nullable: true),
                ChannelId = table.Column<string>(maxLength: 100, nullable: false),
                ConversationId = table.Column<string>(maxLength: 400, nullable: false),
                SenderAddress = table.Column<string>(maxLength: 200, nullable: false),
                Text = table.Column<string>(maxLength: 2000, nullable: false),
                ContactInfo = table.Column<string>(maxLength: 500, nullable: true),
                ReceivedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                Status = table.Column<string>(maxLength: 20, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_office_messages", x => x.Id));
        migrationBuilder.CreateIndex("ix_office_messages_office_status", "office_messages", ["OfficeId", "Status"]);

        migrationBuilder.CreateTable(
            name: "link_codes",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                Salt = table.Column<string>(maxLength: 32, nullable: false),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                ExpiresAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                UsedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
                RevokedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_link_codes", x => x.Id);
                table.ForeignKey("fk_link_codes_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_link_codes_person", "link_codes", "PersonId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("link_codes");
        migrationBuilder.DropTable("office_messages");
    }
}
