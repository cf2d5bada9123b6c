using System.Data.Common;
using Dialogue.Framework.Turns;
using Microsoft.Data.Sqlite;

namespace Dialogue.Cases.Health;

/// <summary>
/// A turn that fails because the database went away or is busy (PostgreSQL restarting, SQLite locked by another
/// writer) has done nothing wrong: it is thrown out of the pipeline, nothing is committed, the inbox row stays pending
/// and is run again once the database answers (or the request gets 503 and the channel sends it again). Without this
/// such a turn was marked failed and the person got an apology instead of an answer, if the database came back in time
/// to store that.
/// </summary>
public sealed class DatabaseTransientFailures : ITransientFailures
{
    public bool IsTransient(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
                case DbException { IsTransient: true }:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
