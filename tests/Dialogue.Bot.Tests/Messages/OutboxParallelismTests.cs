using System.Collections.Concurrent;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Messages;

/// <summary>
/// The outbox sends to several conversations at once: a send that hangs (Twilio timing out) holds back only its own
/// conversation, never another person's reply — which may be the one with the emergency numbers.
/// </summary>
public sealed class OutboxParallelismTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_hanging_send_does_not_hold_back_another_conversations_reply(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var transport = new HangingTransport("slow");
        await using var app = new DialogueApp(db, s => s.AddSingleton<IOutboundTransport>(transport));
        _ = app.Server;

        // The hanging conversation's row is older, so a dispatcher sending one conversation at a time would start there.
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(async d =>
        {
            foreach (var conversation in new[] { "slow", "fast" })
            {
                d.Outbox.Add(new OutboundActivity
                {
                    InboundId = 0, ChannelId = "test", ConversationId = conversation, ServiceUrl = FakeConnector.ServiceUrl,
                    ActivityJson = ActivityJson.Serialize(new Activity { Type = ActivityTypes.Message, Text = conversation }),
                    Status = OutboundStatus.Pending, CreatedAt = now, NextAttemptAt = now,
                });
            }

            return await d.SaveChangesAsync();
        });
        app.Services.GetRequiredService<MessagingSignals>().Outbox.Notify();

        try
        {
            await transport.Started("slow").WaitAsync(TimeSpan.FromSeconds(30));
            // Still hanging on "slow" (released only below): the other conversation's reply goes out meanwhile.
            await transport.Started("fast").WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            transport.Release();
        }

        Assert.True(await Faults.FaultScale.EventuallyAsync(async () =>
            await app.WithDbAsync(d => d.Outbox.CountAsync(x => x.Status == OutboundStatus.Sent)) == 2),
            "the outbox did not send both rows after the hanging send was released");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    public void An_out_of_range_parallelism_stops_the_start(string value)
    {
        using var app = new WebApplicationFactoryWithSetting("Outbox:Parallelism", value);
        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains("Outbox:Parallelism", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class WebApplicationFactoryWithSetting(string key, string value)
        : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting(key, value);
    }

    /// <summary>Sends at once, except to one conversation, whose send hangs until released.</summary>
    private sealed class HangingTransport(string hanging) : IOutboundTransport
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started(string conversation) =>
            _started.GetOrAdd(conversation, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Release() => _release.TrySetResult();

        public async Task<DeliveryResult> SendAsync(OutboundActivity message, CancellationToken cancellationToken)
        {
            _started.GetOrAdd(message.ConversationId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            if (string.Equals(message.ConversationId, hanging, StringComparison.Ordinal))
            {
                await _release.Task.WaitAsync(cancellationToken);
            }

            return new DeliveryResult(DeliveryOutcome.Sent);
        }
    }
}
