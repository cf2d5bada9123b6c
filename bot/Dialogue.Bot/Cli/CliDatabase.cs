using Dialogue.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Dialogue.Bot.Cli;

/// <summary>
/// The configured database for a command, read as the host reads it: appsettings, environment variables and
/// <c>--Key=value</c> arguments (<c>Database:Provider</c>, <c>ConnectionStrings:Dialogue</c>).
/// </summary>
internal static class CliDatabase
{
    /// <summary>Null (with the reason written to <paramref name="error"/>) when the settings are unusable.</summary>
    public static (DatabaseSettings Settings, IConfiguration Configuration)? Settings(string command, string[] settingArgs, TextWriter error)
    {
        var config = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settingArgs }).Configuration;
        try
        {
            return (DatabaseSettings.From(config["Database:Provider"], config.GetConnectionString("Dialogue"), config["Database:SqliteSynchronous"]), config);
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine($"{command}: {ex.Message}");
            return null;
        }
    }

    /// <summary>A context factory on the database, its schema brought up to date first as the host does.</summary>
    public static async Task<IDbContextFactory<DialogueDbContext>> OpenAsync(DatabaseSettings settings, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<DialogueDbContext>();
        settings.Configure(options);
        var factory = new PooledDbContextFactory<DialogueDbContext>(options.Options);
        await settings.MigrateAsync(factory, cancellationToken).ConfigureAwait(false);
        return factory;
    }
}
