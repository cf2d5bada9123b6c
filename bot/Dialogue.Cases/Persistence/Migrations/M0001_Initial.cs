using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>Inbox, outbox and bot state. Hand-written (the EF design-time package does not restore here).</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261121000001_Initial")]
public sealed class M0001_Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.CreateTable(
            name: "bot_state",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 400, nullable: false),
                Json = table.Column<string>(nullable: false),
                Version = table.Column<long>(nullable: false),
                UpdatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_bot_state", x => x.Key));

        migrationBuilder.CreateTable(
            name: "inbound_activities",
            columns: table => new
            {
                Id = types.Identity(table.Column<long>(nullable: false)),
                ChannelId = table.Column<string>(maxLength: 100, nullable: false),
                ConversationId = table.Column<string>(maxLength: 400, nullable: false),
                ActivityId = table.Column<string>(maxLength: 200, nullable: false),
                ActivityJson = table.Column<string>(nullable: false),
                ExpectReplies = table.Column<bool>(nullable: false),
                ReceivedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                Status = table.Column<int>(nullable: false),
                ProcessedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
                RepliesJson = table.Column<string>(nullable: true),
                Version = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_inbound_activities", x => x.Id));
        migrationBuilder.CreateIndex("ux_inbound_activities_key", "inbound_activities",
            ["ChannelId", "ConversationId", "ActivityId"], unique: true);
        migrationBuilder.CreateIndex("ix_inbound_activities_status", "inbound_activities", ["Status", "Id"]);

        migrationBuilder.CreateTable(
            name: "outbound_activities",
            columns: table => new
            {
                Id = types.Identity(table.Column<long>(nullable: false)),
                InboundId = table.Column<long>(nullable: false),
                ChannelId = table.Column<string>(maxLength: 100, nullable: false),
                ConversationId = table.Column<string>(maxLength: 400, nullable: false),
                ServiceUrl = table.Column<string>(maxLength: 2000, nullable: false),
                ReplyToId = table.Column<string>(maxLength: 200, nullable: true),
                ActivityJson = table.Column<string>(nullable: false),
                Status = table.Column<int>(nullable: false),
                Attempts = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                NextAttemptAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                SentAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
                LastError = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_outbound_activities", x => x.Id));
        migrationBuilder.CreateIndex("ix_outbound_activities_status", "outbound_activities", ["Status", "Id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("outbound_activities");
        migrationBuilder.DropTable("inbound_activities");
        migrationBuilder.DropTable("bot_state");
    }
}
