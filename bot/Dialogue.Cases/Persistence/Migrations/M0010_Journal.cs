using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>The case record: append-only journal entries, hash-chained per person.</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261206000010_Journal")]
public sealed class M0010_Journal : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.CreateTable(
            name: "journal_entries",
            columns: table => new
            {
                Id = types.Identity(table.Column<long>(nullable: false)),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                Seq = table.Column<long>(nullable: true),
                Kind = table.Column<string>(maxLength: 40, nullable: false),
                At = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                ChannelId = table.Column<string>(maxLength: 100, nullable: true),
                ConversationId = table.Column<string>(maxLength: 400, nullable: true),
                Actor = table.Column<string>(maxLength: 20, nullable: false),
                ActorName = table.Column<string>(maxLength: 200, nullable: true),
                RiskLevel = table.Column<string>(maxLength: 20, nullable: true),
                Text = table.Column<string>(nullable: true),
                DataJson = table.Column<string>(nullable: true),
                RefersTo = table.Column<long>(nullable: true),
                ContentHash = table.Column<string>(maxLength: 64, nullable: false),
                PrevHash = table.Column<string>(maxLength: 64, nullable: true),
                Hash = table.Column<string>(maxLength: 64, nullable: true),
                Redacted = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_journal_entries", x => x.Id);
                table.ForeignKey("fk_journal_entries_person", x => x.PersonId, "persons", "Id");
            });
        migrationBuilder.CreateIndex("ux_journal_entries_person_seq", "journal_entries", ["PersonId", "Seq"], unique: true);
        migrationBuilder.CreateIndex("ix_journal_entries_person_at", "journal_entries", ["PersonId", "At"]);
        migrationBuilder.CreateIndex("ix_journal_entries_unsealed", "journal_entries", ["Seq", "Id"]);
        migrationBuilder.CreateIndex("ix_journal_entries_at_kind", "journal_entries", ["At", "Kind"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("journal_entries");
    }
}
