using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>Questions a veileder asks the bot to put to a person, dagsform entries and life-situation answers.</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261122000004_MoodAndLifeSituation")]
public sealed class M0004_MoodAndLifeSituation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.AddColumn<int>("RequestedQuestions", "persons", nullable: false, defaultValue: 0);

        migrationBuilder.CreateTable(
            name: "mood_entries",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                Score = table.Column<int>(nullable: false),
                Word = table.Column<string>(maxLength: 100, nullable: true),
                At = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_mood_entries", x => x.Id);
                table.ForeignKey("fk_mood_entries_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_mood_entries_person", "mood_entries", "PersonId");

        migrationBuilder.CreateTable(
            name: "life_situation_answers",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: false),
                Topic = table.Column<string>(maxLength: 20, nullable: false),
                Answer = table.Column<string>(maxLength: 2000, nullable: true),
                At = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_life_situation_answers", x => x.Id);
                table.ForeignKey("fk_life_situation_answers_person", x => x.PersonId, "persons", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_life_situation_answers_person", "life_situation_answers", "PersonId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("life_situation_answers");
        migrationBuilder.DropTable("mood_entries");
        migrationBuilder.DropColumn("RequestedQuestions", "persons");
    }
}
