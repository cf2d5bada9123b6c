using System.Collections.Concurrent;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Replicas;

/// <summary>
/// Two replicas' workers over one PostgreSQL database (two in-process hosts, each with its own services and locks):
/// outbox dispatchers working through the same pending rows send each row once and keep each conversation's order;
/// turn processors working through the same pending inbox rows never run two turns of one conversation at once and
/// run every row once.
/// </summary>
public sealed class ReplicaClaimingTests
{
    private const int Conversations = 4;
    private const int RowsPerConversation = 6;

    [Theory]
    [PostgresData]
    public async Task Two_outbox_dispatchers_send_every_row_once_in_order(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var transport = new SlowRecordingTransport();
        await using var a = new DialogueApp(db, s => s.AddSingleton<IOutboundTransport>(transport));
        await using var b = new DialogueApp(db, s => s.AddSingleton<IOutboundTransport>(transport));
        await Task.WhenAll(Task.Run(() => a.Server), Task.Run(() => b.Server));

        // Rows written straight into the table (no wake-up signal): both dispatchers find them on their own.
        var now = a.Clock.GetUtcNow();
        await a.WithDbAsync(async d =>
        {
            for (var m = 0; m < RowsPerConversation; m++)
            {
                for (var c = 0; c < Conversations; c++)
                {
                    d.Outbox.Add(new OutboundActivity
                    {
                        InboundId = 0, ChannelId = "test", ConversationId = $"claim-{c}", ServiceUrl = FakeConnector.ServiceUrl,
                        ActivityJson = ActivityJson.Serialize(new Activity { Type = ActivityTypes.Message, Text = $"{c}:{m}" }),
                        Status = OutboundStatus.Pending, CreatedAt = now, NextAttemptAt = now,
                    });
                }
            }

            return await d.SaveChangesAsync();
        });

        var dispatchers = new[] { a, b }.Select(app => app.Services.GetRequiredService<OutboxDispatcher>()).ToList();
        await Task.WhenAll(dispatchers.SelectMany(d => new[] { d, d }).Select(d => Task.Run(() => d.DispatchDueAsync(CancellationToken.None))));

        var rows = await a.WithDbAsync(d => d.Outbox.AsNoTracking().OrderBy(x => x.Id).ToListAsync());
        Assert.All(rows, row => Assert.Equal(OutboundStatus.Sent, row.Status));
        var sent = transport.Sent;
        Assert.Equal(rows.Select(r => r.Id).Order(), sent.Select(s => s.RowId).Order()); // each row once, none missing
        foreach (var conversation in rows.GroupBy(r => r.ConversationId))
        {
            Assert.Equal(conversation.Select(r => r.Id), sent.Where(s => s.ConversationId == conversation.Key).Select(s => s.RowId));
        }

        Assert.Equal(0, transport.Overlaps);
    }

    [Theory]
    [PostgresData]
    public async Task Two_turn_processors_never_run_one_conversation_twice_at_once_and_run_every_row_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var bot = new OverlapRecordingBot();
        await using var a = new DialogueApp(db, s => s.AddSingleton<IBot>(bot));
        await using var b = new DialogueApp(db, s => s.AddSingleton<IBot>(bot));
        await Task.WhenAll(Task.Run(() => a.Server), Task.Run(() => b.Server));

        var now = a.Clock.GetUtcNow();
        var ids = new List<string>();
        await a.WithDbAsync(async d =>
        {
            for (var m = 0; m < RowsPerConversation; m++)
            {
                for (var c = 0; c < Conversations; c++)
                {
                    var id = $"claim-{c}-m{m}";
                    ids.Add(id);
                    var activity = Activities.Message($"claim-{c}", "hei", id, expectReplies: false);
                    d.Inbox.Add(new InboundActivity
                    {
                        ChannelId = "test", ConversationId = $"claim-{c}", ActivityId = id,
                        ActivityJson = activity.ToJsonString(), ReceivedAt = now, Status = InboundStatus.Pending,
                    });
                }
            }

            return await d.SaveChangesAsync();
        });

        var processors = new[] { a, b }.Select(app => app.Services.GetRequiredService<TurnProcessor>()).ToList();
        await Task.WhenAll(processors.SelectMany(p => new[] { p, p }).Select(p => Task.Run(() => p.ProcessPendingAsync(CancellationToken.None))));

        Assert.Equal(0, bot.Overlaps);
        Assert.Equal(Conversations * RowsPerConversation, await a.WithDbAsync(d => d.Inbox.CountAsync(x => x.Status == InboundStatus.Processed)));
        Assert.Equal(ids.Order(), bot.Turns.Order()); // every row's turn ran once: none twice, none retried
        for (var c = 0; c < Conversations; c++)
        {
            var state = await a.ConversationStateAsync("test", $"claim-{c}");
            Assert.Equal(RowsPerConversation, (int)state["count"]!);
            Assert.Equal(Enumerable.Range(0, RowsPerConversation).Select(m => $"claim-{c}-m{m}"), state["seen"]!.AsArray().Select(n => (string)n!));
        }
    }

    [Theory]
    [PostgresData]
    public async Task A_check_in_that_two_schedulers_see_due_starts_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var a = new DialogueApp(db);
        await using var b = new DialogueApp(db);
        await Task.WhenAll(Task.Run(() => a.Server), Task.Run(() => b.Server));

        // Both replicas' clocks: a Wednesday at 13:15 in Oslo, inside SMS sending hours whatever the hour of the run.
        var now = a.Clock.GetUtcNow();
        Assert.True(Dialogue.Cases.Sms.SmsSendingHours.IsOpen(now));
        var ola = new Dialogue.Plan.Domain.PersonId(Guid.Parse("de300000-0000-4000-8000-004799990002"));
        var phone = Dialogue.Plan.Domain.PhoneNumber.Parse("+4799990002");
        var schedule = new Dialogue.Plan.Scheduling.CheckInSchedule
        {
            Id = Dialogue.Plan.Scheduling.CheckInScheduleId.New(), PersonId = ola, Phone = phone, Day = now.DayOfWeek,
            Time = new TimeOnly(10, 0), NextDueAt = now.AddMinutes(-1), UpdatedBy = new Dialogue.Plan.Domain.VeilederId("Z990001"), UpdatedAt = now,
        };
        await a.WithDbAsync(d =>
        {
            d.CheckInSchedules.Add(schedule);
            return d.SaveChangesAsync();
        });

        // Each replica's scheduler runs rounds at the same time as the other's (the job lock bypassed: the rows decide).
        // The hosts' own schedule workers may run a round too, so who started it is not asserted, only that it started once.
        var schedulers = new[] { a, b }.Select(app => app.Services.GetRequiredService<Dialogue.Cases.Scheduling.ScheduledContacts>()).ToList();
        var rounds = await Task.WhenAll(schedulers.SelectMany(x => new[] { x, x, x }).Select(x => Task.Run(() => x.RunDueAsync(CancellationToken.None))));
        Assert.InRange(rounds.Sum(r => r.CheckInsStarted), 0, 1);

        var processors = new[] { a, b }.Select(app => app.Services.GetRequiredService<TurnProcessor>()).ToList();
        await Task.WhenAll(processors.Select(p => Task.Run(() => p.ProcessPendingAsync(CancellationToken.None))));

        var checkIns = await a.WithDbAsync(d => d.Inbox.AsNoTracking().Where(x => x.ActivityId.StartsWith("checkin-")).ToListAsync());
        Assert.Equal(InboundStatus.Processed, Assert.Single(checkIns).Status);
        Assert.Equal(1, await a.WithDbAsync(d => d.Outbox.CountAsync(x => x.ChannelId == "sms" && x.ConversationId == phone.E164)));
        var stored = await a.WithDbAsync(d => d.CheckInSchedules.AsNoTracking().SingleAsync());
        Assert.Equal(now.AddDays(7).Date, stored.NextDueAt.UtcDateTime.Date); // next week's, once
    }

    /// <summary>A channel that takes a while per message, records what it sent, and counts sends overlapping in one conversation.</summary>
    private sealed class SlowRecordingTransport : IOutboundTransport
    {
        private readonly ConcurrentDictionary<string, int> _sending = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<(long RowId, string ConversationId)> _sent = new();
        private int _overlaps;

        public IReadOnlyList<(long RowId, string ConversationId)> Sent => [.. _sent];

        public int Overlaps => _overlaps;

        public async Task<DeliveryResult> SendAsync(OutboundActivity message, CancellationToken cancellationToken)
        {
            if (_sending.AddOrUpdate(message.ConversationId, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref _overlaps);
            }

            try
            {
                _sent.Enqueue((message.Id, message.ConversationId));
                await Task.Delay(15, cancellationToken);
                return DeliveryResult.Sent;
            }
            finally
            {
                _sending.AddOrUpdate(message.ConversationId, 0, (_, n) => n - 1);
            }
        }
    }

    /// <summary>
    /// Counts turns in conversation state like <see cref="CountingBot"/>, records every turn it runs (a retried turn
    /// twice), and counts turns of one conversation running at the same time, on any host.
    /// </summary>
    private sealed class OverlapRecordingBot : IBot
    {
        private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _turns = new();
        private int _overlaps;

        public IReadOnlyList<string> Turns => [.. _turns];

        public int Overlaps => _overlaps;

        public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
        {
            var conversation = turn.Activity.Conversation!.Id!;
            if (_running.AddOrUpdate(conversation, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref _overlaps);
            }

            try
            {
                _turns.Enqueue(turn.Activity.Id!);
                var count = (int?)turn.ConversationState["count"] ?? 0;
                await Task.Delay(15, cancellationToken);
                turn.ConversationState["count"] = count + 1;
                if (turn.ConversationState["seen"] is not System.Text.Json.Nodes.JsonArray seen)
                {
                    seen = [];
                    turn.ConversationState["seen"] = seen;
                }

                seen.Add(turn.Activity.Id);
            }
            finally
            {
                _running.AddOrUpdate(conversation, 0, (_, n) => n - 1);
            }
        }
    }
}
