using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Faults;

/// <summary>
/// Once a message has gone out, its "sent" mark must be stored: a mark lost because the database was busy for a moment
/// means the person gets the message twice. Here SQLite is locked by another writer (longer than the busy timeout)
/// exactly while the channel accepts the message; the dispatcher keeps trying to store the mark instead of leaving the
/// row pending to be sent again.
/// </summary>
[Trait("Category", "Faults")]
public sealed class OutboxSentMarkTests
{
    [Fact]
    public async Task A_sent_mark_that_meets_a_locked_database_is_stored_later_and_the_message_is_not_sent_again()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var transport = new LockingTransport(database.ConnectionString);
        await using var app = new DialogueApp(database, s => s.AddSingleton<IOutboundTransport>(transport),
            host => host.UseSetting("Database:SqliteBusyTimeout", "00:00:01"));
        _ = app.Server;

        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(async d =>
        {
            d.Outbox.Add(new OutboundActivity
            {
                InboundId = 0, ChannelId = "test", ConversationId = "sent-mark", ServiceUrl = FakeConnector.ServiceUrl,
                ActivityJson = ActivityJson.Serialize(new Activity { Type = ActivityTypes.Message, Text = "hei" }),
                Status = OutboundStatus.Pending, CreatedAt = now, NextAttemptAt = now,
            });
            return await d.SaveChangesAsync();
        });
        app.Services.GetRequiredService<MessagingSignals>().Outbox.Notify();

        Assert.True(await FaultScale.EventuallyAsync(async () =>
            await app.WithDbAsync(d => d.Outbox.CountAsync(x => x.Status == OutboundStatus.Sent)) == 1), "the row was never marked sent");

        // Give a wrongly pending row the time to be picked up again, then count the sends.
        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        Assert.True(transport.LockedWhileSending);
        Assert.Equal(1, transport.Sends);
    }

    /// <summary>Accepts every message, but first locks the database (another writer) for three seconds.</summary>
    private sealed class LockingTransport(string connectionString) : IOutboundTransport
    {
        private int _sends;

        public int Sends => _sends;

        public bool LockedWhileSending { get; private set; }

        public async Task<DeliveryResult> SendAsync(OutboundActivity message, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _sends) == 1)
            {
                var locker = new SqliteConnection(connectionString + ";Pooling=False");
                await locker.OpenAsync(cancellationToken);
                await using (var begin = locker.CreateCommand())
                {
                    begin.CommandText = "BEGIN EXCLUSIVE;";
                    await begin.ExecuteNonQueryAsync(cancellationToken);
                }

                LockedWhileSending = true;
                _ = Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    await using (var rollback = locker.CreateCommand())
                    {
                        rollback.CommandText = "ROLLBACK;";
                        await rollback.ExecuteNonQueryAsync();
                    }

                    await locker.DisposeAsync();
                }, CancellationToken.None);
            }

            return new DeliveryResult(DeliveryOutcome.Sent);
        }
    }
}
