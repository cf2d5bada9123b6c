using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Dialogue.Cases.Persistence.Migrations;

/// <summary>The few column details that differ between SQLite and PostgreSQL, so one migration serves both.</summary>
internal sealed class ColumnTypes(string? activeProvider)
{
    private readonly bool _sqlite = string.Equals(activeProvider, "Microsoft.EntityFrameworkCore.Sqlite", StringComparison.Ordinal);

    /// <summary>DateTimeOffset: UTC ticks in SQLite (see the model's converter), timestamptz in PostgreSQL.</summary>
    public string Timestamp => _sqlite ? "INTEGER" : "timestamp with time zone";

    public OperationBuilder<AddColumnOperation> Identity(OperationBuilder<AddColumnOperation> column) =>
        column
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
