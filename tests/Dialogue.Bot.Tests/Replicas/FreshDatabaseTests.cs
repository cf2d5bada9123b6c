using System.Net;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dialogue.Bot.Tests.Replicas;

/// <summary>
/// Replicas pointed at a PostgreSQL database that does not exist yet create it, then migrate and seed one at a time:
/// the startup lock lives in the database, so it must not be taken before the database is there.
/// </summary>
public sealed class FreshDatabaseTests
{
    [Theory]
    [PostgresData]
    public async Task Two_replicas_starting_on_a_database_that_does_not_exist_create_it_and_both_get_ready(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var name = new NpgsqlConnectionStringBuilder(db.ConnectionString).Database;
        await using (var server = new NpgsqlConnection(TestDatabase.PostgresServer))
        {
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }

        await using var a = new DialogueApp(db);
        await using var b = new DialogueApp(db);
        await Task.WhenAll(Task.Run(() => a.Server), Task.Run(() => b.Server));

        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync("/health/ready")).StatusCode);
        Assert.True(await a.WithDbAsync(d => d.Persons.AnyAsync()), "the demo data was seeded once the database existed");
    }
}
