using System.Net;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Dialogue.Bot.Tests.Faults;

/// <summary>
/// Another connection holds SQLite's write lock (<c>BEGIN EXCLUSIVE</c>). Held for less than the busy timeout
/// (<c>Database:SqliteBusyTimeout</c>), inbound SMS wait and are acknowledged; held for longer, they are refused with 503
/// and Retry-After, nothing half-stored, and Twilio's retries with the same MessageSid are taken once the lock is gone.
/// Every acknowledged message is processed once and answered once.
/// </summary>
[Trait("Category", "Faults")]
public sealed class SqliteBusyFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_locked_database_makes_the_bot_wait_or_refuse_with_503_and_it_catches_up_without_loss()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(database, new Dictionary<string, string?>
        {
            ["Database:SqliteBusyTimeout"] = BusyTimeout.ToString(),
            ["RateLimits:Enabled"] = "false",
        });
        var app = sms.App;
        _ = app.CreateClient(); // started, schema created
        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        string NextNumber() => $"+4797{Interlocked.Increment(ref number):D6}";

        // 1. The lock is held for a moment (well under the busy timeout): the webhooks wait, then are acknowledged.
        var shortBatch = Enumerable.Range(0, FaultScale.Times(4)).Select(_ => (Sid: sms.NextSid(), From: NextNumber())).ToList();
        await using (var locker = await LockAsync(database))
        {
            var sending = shortBatch.Select(m => sms.SendSmsAsync(m.From, "hei", m.Sid)).ToList();
            await Task.Delay(BusyTimeout / 8);
            await locker.ReleaseAsync();
            foreach (var (response, message) in (await Task.WhenAll(sending)).Zip(shortBatch))
            {
                using (response)
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }

                acknowledged.Add(message.Sid);
                numbers[message.Sid] = message.From;
            }
        }

        // 2. The lock is held for longer than the busy timeout: 503 with Retry-After, and nothing of it stored.
        var longBatch = Enumerable.Range(0, FaultScale.Times(3)).Select(_ => (Sid: sms.NextSid(), From: NextNumber())).ToList();
        var refused = 0;
        await using (var locker = await LockAsync(database))
        {
            foreach (var (sid, from) in longBatch)
            {
                using var response = await sms.SendSmsAsync(from, "hei", sid);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter);
                refused++;
            }

            await locker.ReleaseAsync();
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.Inbox.CountAsync(x => longBatch.Select(m => m.Sid).Contains(x.ActivityId))));

        // Twilio retries each refused webhook with the same MessageSid; now they are taken. A duplicate retry is not stored twice.
        foreach (var (sid, from) in longBatch)
        {
            using var response = await sms.SendSmsAsync(from, "hei", sid);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            acknowledged.Add(sid);
            numbers[sid] = from;
        }

        using (var again = await sms.SendSmsAsync(longBatch[0].From, "hei", longBatch[0].Sid))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        // 3. Caught up: each acknowledged message processed once, and answered.
        Assert.True(await FaultScale.EventuallyAsync(async () =>
            await app.WithDbAsync(db => db.Inbox.CountAsync(x => x.Status == InboundStatus.Processed)) == acknowledged.Count
            && await app.WithDbAsync(db => db.Outbox.CountAsync(x => x.Status == OutboundStatus.Pending)) == 0));
        var inbox = await app.WithDbAsync(db => db.Inbox.Where(x => x.ChannelId == "sms").ToListAsync());
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), inbox.Select(x => x.ActivityId).Order(StringComparer.Ordinal));
        Assert.All(inbox, x => Assert.Equal(InboundStatus.Processed, x.Status));
        foreach (var sid in acknowledged)
        {
            Assert.Contains(sms.Twilio.Calls, c => c.Form.GetValueOrDefault("To") == numbers[sid]);
        }

        var rows = await app.WithDbAsync(db => db.Outbox.CountAsync(x => x.ChannelId == "sms"));
        Assert.Equal(rows, sms.Twilio.Calls.Count);

        TestCounts.Report(output, "faults",
            $"SQLite busy (busy timeout {BusyTimeout.TotalSeconds:0} s, scale {FaultScale.Factor}): short lock: {shortBatch.Count} SMS waited and were acknowledged; " +
            $"long lock: {refused} refused with 503 + Retry-After, stored 0; retried: {longBatch.Count} acknowledged (+1 duplicate retry ignored); " +
            $"processed {inbox.Count}/{acknowledged.Count}, replies {rows}, sent to Twilio {sms.Twilio.Calls.Count}; lost 0, duplicated 0.");
    }

    [Fact]
    public void The_busy_timeout_is_also_how_long_Microsoft_Data_Sqlite_retries_unless_the_connection_string_says_otherwise()
    {
        // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout (30 s by default), so without this a
        // Database:SqliteBusyTimeout of 2 s would still make a request wait 30 s before its 503.
        var settings = DatabaseSettings.From("Sqlite", "Data Source=x.db") with { SqliteBusyTimeout = TimeSpan.FromSeconds(2) };
        Assert.Equal(2, new SqliteConnectionStringBuilder(settings.SqliteConnectionString()).DefaultTimeout);

        var own = DatabaseSettings.From("Sqlite", "Data Source=x.db;Default Timeout=7") with { SqliteBusyTimeout = TimeSpan.FromSeconds(2) };
        Assert.Equal(7, new SqliteConnectionStringBuilder(own.SqliteConnectionString()).DefaultTimeout);
    }

    /// <summary>Takes SQLite's write lock on another connection, as another process would.</summary>
    private static async Task<Locker> LockAsync(TestDatabase database)
    {
        var connection = new SqliteConnection(database.ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
        }

        return new Locker(connection);
    }

    private sealed class Locker(SqliteConnection connection) : IAsyncDisposable
    {
        private bool _released;

        public async Task ReleaseAsync()
        {
            if (_released)
            {
                return;
            }

            _released = true;
            await using (var rollback = connection.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await ReleaseAsync();
            await connection.DisposeAsync();
        }
    }
}
