using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>
/// The person's Direct Line messages keep their client's <c>clientActivityID</c>, unique per conversation: two copies of
/// one post arriving at the same moment are logged once (before, both could be taken; the repeat was found by reading
/// the latest messages). Rows logged before this migration have none and are not recognised as repeats.
/// </summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261206000019_DirectLineClientActivityId")]
public sealed class M0019_DirectLineClientActivityId : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(name: "ClientActivityId", table: "directline_activities",
            maxLength: DirectLine.DirectLineStore.MaxClientActivityIdLength, nullable: true);
        migrationBuilder.CreateIndex("ux_directline_activities_client_id", "directline_activities",
            ["ConversationId", "ClientActivityId"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropIndex("ux_directline_activities_client_id", "directline_activities");
        migrationBuilder.DropColumn("ClientActivityId", "directline_activities");
    }
}
