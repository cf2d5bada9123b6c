using System.Data.Common;
using Dialogue.Cases.Journal;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Cli;

/// <summary>
/// <c>journal verify [--Key=value ...]</c>: recomputes every case's hash chain and every entry's content hash in the
/// configured database and prints a short summary. Exit 0 only when every chain is intact; 1 when an entry is broken
/// (the first broken entry of each broken chain is named: case, seq, entry id and what is wrong) or the database
/// cannot be used; 2 for a usage error.
/// </summary>
internal static class JournalCommand
{
    private const string Usage = "Usage: journal verify [--ConnectionStrings:Dialogue=... --Database:Provider=Sqlite|Postgres]";

    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args is not ["verify", .. var rest])
        {
            error.WriteLine($"journal: say what to do. {Usage}");
            return 2;
        }

        if (rest.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) || !a.Contains('=', StringComparison.Ordinal)) is { } odd)
        {
            error.WriteLine($"journal: unexpected '{odd}'. {Usage}");
            return 2;
        }

        if (CliDatabase.Settings("journal", rest, error) is not { } configured)
        {
            return 2;
        }

        try
        {
            return VerifyAsync(configured.Settings, output, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException)
        {
            error.WriteLine($"journal: the database could not be used ({configured.Settings.Provider}): {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> VerifyAsync(Cases.Persistence.DatabaseSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var factory = await CliDatabase.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var result = await JournalVerifier.VerifyAsync(db, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Journal: {result.Cases} cases, {result.Entries} entries ({result.Unsealed} not yet sealed, {result.Redacted} redacted by retention).");
        if (result.Intact)
        {
            output.WriteLine("All chains intact.");
            return 0;
        }

        output.WriteLine($"BROKEN: {result.Breaks.Count} of {result.Cases} chains. First broken entry: {result.Breaks[0]}");
        foreach (var broken in result.Breaks.Skip(1))
        {
            output.WriteLine($"Also broken: {broken}");
        }

        return 1;
    }
}
