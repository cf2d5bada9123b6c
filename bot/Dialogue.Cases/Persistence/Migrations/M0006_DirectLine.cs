using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>Direct Line: started conversations and each conversation's activity log (the watermark is its sequence).</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261122000006_DirectLine")]
public sealed class M0006_DirectLine : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.CreateTable(
            name: "directline_conversations",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 100, nullable: false),
                UserId = table.Column<string>(maxLength: 200, nullable: false),
                StartedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_directline_conversations", x => x.Id));

        migrationBuilder.CreateTable(
            name: "directline_activities",
            columns: table => new
            {
                Id = types.Identity(table.Column<long>(nullable: false)),
                ConversationId = table.Column<string>(maxLength: 100, nullable: false),
                Sequence = table.Column<long>(nullable: false),
                ActivityId = table.Column<string>(maxLength: 200, nullable: false),
                ActivityJson = table.Column<string>(nullable: false),
                OutboundId = table.Column<long>(nullable: true),
                CreatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_directline_activities", x => x.Id));
        migrationBuilder.CreateIndex("ux_directline_activities_sequence", "directline_activities",
            ["ConversationId", "Sequence"], unique: true);
        migrationBuilder.CreateIndex("ux_directline_activities_outbound", "directline_activities", "OutboundId", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("directline_activities");
        migrationBuilder.DropTable("directline_conversations");
    }
}
