using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>
/// The access audit log: one row per read of someone's data by staff. Append-only in the database itself: triggers
/// refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL), whoever asks.
/// </summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261206000011_AccessAudit")]
public sealed class M0011_AccessAudit : Migration
{
    private const string Refusal = "access_audit is append-only";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.CreateTable(
            name: "access_audit",
            columns: table => new
            {
                Id = table.Column<Guid>(type: types.Guid, nullable: false),
                At = table.Column<DateTimeOffset>(type: types.Timestamp, nullable: false),
                ActorIdent = table.Column<string>(maxLength: 20, nullable: false),
                ActorOffice = table.Column<string>(maxLength: 4, nullable: false),
                ActorRole = table.Column<string>(maxLength: 20, nullable: false),
                Action = table.Column<string>(maxLength: 40, nullable: false),
                Decision = table.Column<string>(maxLength: 10, nullable: false),
                PersonId = table.Column<Guid>(type: types.Guid, nullable: true),
                Resource = table.Column<string>(maxLength: 200, nullable: false),
                Method = table.Column<string>(maxLength: 10, nullable: false),
                Path = table.Column<string>(maxLength: 400, nullable: false),
                ClientAddress = table.Column<string>(maxLength: 64, nullable: true),
                UserAgent = table.Column<string>(maxLength: 400, nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_access_audit", x => x.Id));
        migrationBuilder.CreateIndex("ix_access_audit_office_at", "access_audit", ["ActorOffice", "At"]);
        migrationBuilder.CreateIndex("ix_access_audit_person_at", "access_audit", ["PersonId", "At"]);

        if (ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql($"CREATE TRIGGER access_audit_no_update BEFORE UPDATE ON access_audit BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;");
            migrationBuilder.Sql($"CREATE TRIGGER access_audit_no_delete BEFORE DELETE ON access_audit BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;");
        }
        else
        {
            migrationBuilder.Sql(
                $"CREATE FUNCTION access_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{Refusal}'; END $$;");
            migrationBuilder.Sql(
                "CREATE TRIGGER access_audit_no_change BEFORE UPDATE OR DELETE ON access_audit FOR EACH ROW EXECUTE FUNCTION access_audit_append_only();");
            migrationBuilder.Sql(
                "CREATE TRIGGER access_audit_no_truncate BEFORE TRUNCATE ON access_audit FOR EACH STATEMENT EXECUTE FUNCTION access_audit_append_only();");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("access_audit");
        if (ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS access_audit_append_only();");
        }
    }
}
