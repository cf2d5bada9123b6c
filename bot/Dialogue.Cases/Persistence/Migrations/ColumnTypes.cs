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

    /// <summary>Guid: TEXT in SQLite (EF's default there), uuid in PostgreSQL.</summary>
    public string Guid => _sqlite ? "TEXT" : "uuid";

    /// <summary>DateOnly: ISO text in SQLite, date in PostgreSQL.</summary>
    public string Date => _sqlite ? "TEXT" : "date";

    public OperationBuilder<AddColumnOperation> Identity(OperationBuilder<AddColumnOperation> column) =>
        column
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
