using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Cases.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database to use: <c>Database:Provider</c> and <c>ConnectionStrings:Dialogue</c>.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqliteConnectionString = "Data Source=data/dialogue.db";

    /// <summary>SQLite only: how a commit is made durable (<c>Database:SqliteSynchronous</c>, see <see cref="Persistence.SqliteSynchronous"/>).</summary>
    public SqliteSynchronous SqliteSynchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>
    /// SQLite only: how long a writer waits for another writer before the command fails (<c>Database:SqliteBusyTimeout</c>).
    /// Microsoft.Data.Sqlite retries a busy database until the command timeout, so unless the connection string sets
    /// <c>Default Timeout</c> itself, that is set to this too: the configured wait is the wait.
    /// </summary>
    public TimeSpan SqliteBusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads the configuration values (<c>Database:Provider</c>, <c>ConnectionStrings:Dialogue</c>,
    /// <c>Database:SqliteSynchronous</c>); SQLite under ./data/ when nothing is set.
    /// </summary>
    public static DatabaseSettings From(string? provider, string? connectionString, string? sqliteSynchronous = null)
    {
        var parsed = string.IsNullOrWhiteSpace(provider)
            ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var p)
                ? p
                : throw new InvalidOperationException(
                    $"Database:Provider must be 'Sqlite' or 'Postgres', not '{provider}'.");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (parsed == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException(
                    "Database:Provider is Postgres, so ConnectionStrings:Dialogue must be set.");
            }

            connectionString = DefaultSqliteConnectionString;
        }

        var synchronous = SqliteSynchronous.Full;
        if (!string.IsNullOrWhiteSpace(sqliteSynchronous)
            && (!Enum.TryParse(sqliteSynchronous, ignoreCase: true, out synchronous) || !Enum.IsDefined(synchronous)))
        {
            throw new InvalidOperationException(
                $"Database:SqliteSynchronous must be 'Normal' or 'Full', not '{sqliteSynchronous}'.");
        }

        return new DatabaseSettings(parsed, connectionString) { SqliteSynchronous = synchronous };
    }

    /// <summary>The SQLite connection string, with <c>Default Timeout</c> equal to <see cref="SqliteBusyTimeout"/> unless it says otherwise.</summary>
    public string SqliteConnectionString()
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ConnectionString };
        if (given.ContainsKey("Default Timeout") || given.ContainsKey("DefaultTimeout") || given.ContainsKey("Command Timeout"))
        {
            return ConnectionString;
        }

        return new SqliteConnectionStringBuilder(ConnectionString)
        {
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(SqliteBusyTimeout.TotalSeconds)),
        }.ConnectionString;
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(SqliteConnectionString());
                options.AddInterceptors(new SqliteConnectionSetup(SqliteSynchronous, SqliteBusyTimeout), new SqliteWriterQueue(SqliteBusyTimeout));
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(ConnectionString, npgsql => npgsql.EnableRetryOnFailure(3));
                break;
        }

        options.ReplaceService<IModelCacheKeyFactory, ProviderAwareModelCacheKeyFactory>();
        options.AddInterceptors(AppendOnlyGuard.Instance);

        // Every context journals what it saves and refuses changes to sealed journal entries (see JournalInterceptor).
        options.AddInterceptors(Journal.JournalInterceptor.Instance);

        // Migrations are hand-written and carry no model snapshot, so EF cannot compare them to the model.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>Creates the SQLite folder if needed, then creates or upgrades the schema.</summary>
    /// <summary>
    /// PostgreSQL: creates the database when it does not exist yet, before anything (the replicas' startup lock) connects
    /// to it. Replicas starting together may race here; the one that finds it made by another goes on.
    /// </summary>
    public async Task EnsureDatabaseExistsAsync(IDbContextFactory<DialogueDbContext> factory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState is Npgsql.PostgresErrorCodes.DuplicateDatabase or Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            // Another replica created it a moment ago.
        }
    }

    public async Task MigrateAsync(IDbContextFactory<DialogueDbContext> factory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder) && !file.Equals(":memory:", StringComparison.Ordinal))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (Provider == DatabaseProvider.Sqlite)
        {
            // Readers do not block the writer, and the writer does not block readers.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }
}

public static class PersistenceServiceCollectionExtensions
{
    public static IServiceCollection AddDialoguePersistence(this IServiceCollection services, DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        // Pooled: a turn uses several contexts, and creating one (its internal service scope, options, change tracker)
        // was a measurable share of a turn's CPU. Safe because the interceptors are shared singletons and the only
        // per-context state (the journal interceptor's turn scope) is dropped when a context is disposed.
        services.AddPooledDbContextFactory<DialogueDbContext>(settings.Configure);
        services.AddSingleton<SqliteTurnSync>();
        return services;
    }
}
