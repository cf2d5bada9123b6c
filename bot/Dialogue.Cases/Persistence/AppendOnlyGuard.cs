using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dialogue.Cases.Persistence;

/// <summary>An entity whose rows are only ever added: never changed, never deleted (audit trails, journals).</summary>
public interface IAppendOnly;

/// <summary>
/// The code's half of append-only tables (the database's triggers are the other half): a save that would change or
/// delete an <see cref="IAppendOnly"/> row throws before anything reaches the database.
/// </summary>
public sealed class AppendOnlyGuard : SaveChangesInterceptor
{
    public static AppendOnlyGuard Instance { get; } = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData?.Context);
        return base.SavingChanges(eventData!, result);
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData?.Context);
        return base.SavingChangesAsync(eventData!, result, cancellationToken);
    }

    private static void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var offending = context.ChangeTracker.Entries<IAppendOnly>()
            .FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted);
        if (offending is not null)
        {
            throw new InvalidOperationException(
                $"{offending.Metadata.GetTableName() ?? offending.Metadata.Name} is append-only: rows cannot be {(offending.State == EntityState.Deleted ? "deleted" : "changed")}.");
        }
    }
}
