using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>
/// Inbox rows by conversation and time: the per-number SMS limit counts one number's messages in its window before
/// every inbound SMS (from the database, so it holds across replicas and restarts); without this index that count reads
/// every message the number ever sent.
/// </summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261206000020_InboxReceivedIndex")]
public sealed class M0020_InboxReceivedIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateIndex("ix_inbound_activities_received", "inbound_activities",
            ["ChannelId", "ConversationId", "ReceivedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropIndex("ix_inbound_activities_received", "inbound_activities");
    }
}
