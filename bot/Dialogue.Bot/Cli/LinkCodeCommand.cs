using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Dialogue.Bot.Cli;

/// <summary>
/// <c>link-code &lt;personId&gt; [--Key=value ...]</c>: issues a one-time code the veileder gives the person, so they
/// can link a web chat to their case. Prints <c>{"personId", "code", "expiresAt"}</c> as one JSON line. Uses the
/// configured database (<c>Database:Provider</c>, <c>ConnectionStrings:Dialogue</c>, from appsettings, environment
/// variables or <c>--ConnectionStrings:Dialogue=...</c>), bringing its schema up to date first as the host does.
/// A new code replaces the person's earlier one. The code is shown here once and stored only as a hash.
/// </summary>
internal static class LinkCodeCommand
{
    private const string Usage = "Usage: link-code <personId> [--ConnectionStrings:Dialogue=... --Database:Provider=Sqlite|Postgres]";

    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider clock)
    {
        if (args.Length == 0 || !Guid.TryParse(args[0], out var id))
        {
            error.WriteLine($"link-code: a person id (a GUID) is needed. {Usage}");
            return 2;
        }

        if (args[1..].FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) || !a.Contains('=', StringComparison.Ordinal)) is { } odd)
        {
            error.WriteLine($"link-code: unexpected '{odd}'. {Usage}");
            return 2;
        }

        var config = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args[1..] }).Configuration;
        DatabaseSettings settings;
        try
        {
            settings = DatabaseSettings.From(config["Database:Provider"], config.GetConnectionString("Dialogue"), config["Database:SqliteSynchronous"]);
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine($"link-code: {ex.Message}");
            return 2;
        }

        try
        {
            return IssueAsync(settings, new PersonId(id), output, error, clock).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException)
        {
            error.WriteLine($"link-code: the database could not be used ({settings.Provider}): {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> IssueAsync(DatabaseSettings settings, PersonId person, TextWriter output, TextWriter error, TimeProvider clock)
    {
        var options = new DbContextOptionsBuilder<DialogueDbContext>();
        settings.Configure(options);
        var factory = new PooledDbContextFactory<DialogueDbContext>(options.Options);
        await settings.MigrateAsync(factory, CancellationToken.None).ConfigureAwait(false);

        var issued = await LinkCodeIssuer.IssueAsync(factory, person, clock, CancellationToken.None).ConfigureAwait(false);
        if (issued is null)
        {
            error.WriteLine($"link-code: no person with id {person}.");
            return 1;
        }

        output.WriteLine(JsonSerializer.Serialize(new
        {
            personId = issued.PersonId.ToString(),
            code = issued.Code,
            expiresAt = issued.ExpiresAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        }));
        return 0;
    }
}
