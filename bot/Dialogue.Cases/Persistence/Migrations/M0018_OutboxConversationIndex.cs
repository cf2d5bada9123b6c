using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>
/// Outbox rows by conversation: the daily outbound SMS cap counts one number's sent SMS before every send, and the SMS
/// delivery log and retention read one conversation's rows; without this index each of them scans every sent row.
/// </summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261206000018_OutboxConversationIndex")]
public sealed class M0018_OutboxConversationIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateIndex("ix_outbound_activities_conversation", "outbound_activities",
            ["ChannelId", "ConversationId", "Status", "SentAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropIndex("ix_outbound_activities_conversation", "outbound_activities");
    }
}
