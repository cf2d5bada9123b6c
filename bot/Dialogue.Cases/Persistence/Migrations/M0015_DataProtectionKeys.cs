using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>The host's Data Protection key ring, shared by every replica on the database (see <see cref="DataProtectionKeyRecord"/>).</summary>
[DbContext(typeof(DialogueDbContext))]
[Migration("20261206000015_DataProtectionKeys")]
public sealed class M0015_DataProtectionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var types = new ColumnTypes(ActiveProvider);

        migrationBuilder.CreateTable(
            name: DataProtectionModel.Table,
            columns: table => new
            {
                Id = types.Identity(table.Column<long>(nullable: false)),
                FriendlyName = table.Column<string>(maxLength: 200, nullable: true),
                Xml = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_data_protection_keys", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable(DataProtectionModel.Table);
    }
}
