using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>Who answered an enquiry (or handled a message to the office), when, and their note.</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261206000014_EnquiryAnswers")]
public sealed class M0014_EnquiryAnswers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.AddColumn<DateTimeOffset>(name: "AnsweredAt", table: "enquiries", type: types.Timestamp, nullable: true);
        migrationBuilder.AddColumn<string>(name: "AnsweredBy", table: "enquiries", maxLength: 20, nullable: true);
        migrationBuilder.AddColumn<string>(name: "AnswerNote", table: "enquiries", maxLength: Dialogue.Cases.Safety.EnquiryDesk.MaxNoteLength, nullable: true);
        migrationBuilder.AddColumn<DateTimeOffset>(name: "HandledAt", table: "office_messages", type: types.Timestamp, nullable: true);
        migrationBuilder.AddColumn<string>(name: "HandledBy", table: "office_messages", maxLength: 20, nullable: true);
        migrationBuilder.AddColumn<string>(name: "HandledNote", table: "office_messages", maxLength: Dialogue.Cases.Safety.EnquiryDesk.MaxNoteLength, nullable: true);
    }
}
