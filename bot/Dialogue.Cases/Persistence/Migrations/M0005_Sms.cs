using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>The SMS channel: delivery receipts and proactive sending on the outbox, and STOPP/START opt-outs.</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261122000005_Sms")]
public sealed class M0005_Sms : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.AddColumn<string>("ProviderMessageId", "outbound_activities", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<string>("DeliveryStatus", "outbound_activities", maxLength: 20, nullable: true);
        migrationBuilder.AddColumn<DateTimeOffset>("DeliveryStatusAt", "outbound_activities", type: types.Timestamp, nullable: true);
        migrationBuilder.AddColumn<string>("DeliveryErrorCode", "outbound_activities", maxLength: 20, nullable: true);
        migrationBuilder.AddColumn<bool>("Proactive", "outbound_activities", nullable: false, defaultValue: false);
        migrationBuilder.CreateIndex("ix_outbound_activities_provider_message_id", "outbound_activities", "ProviderMessageId");

        migrationBuilder.CreateTable(
            name: "sms_opt_outs",
            columns: table => new
            {
                Phone = table.Column<string>(maxLength: 16, nullable: false),
                OptedOutAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                OptedInAt = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: true),
                OptOutActivityId = table.Column<string>(maxLength: 200, nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_sms_opt_outs", x => x.Phone));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("sms_opt_outs");
        migrationBuilder.DropIndex("ix_outbound_activities_provider_message_id", "outbound_activities");
        migrationBuilder.DropColumn("Proactive", "outbound_activities");
        migrationBuilder.DropColumn("DeliveryErrorCode", "outbound_activities");
        migrationBuilder.DropColumn("DeliveryStatusAt", "outbound_activities");
        migrationBuilder.DropColumn("DeliveryStatus", "outbound_activities");
        migrationBuilder.DropColumn("ProviderMessageId", "outbound_activities");
    }
}
