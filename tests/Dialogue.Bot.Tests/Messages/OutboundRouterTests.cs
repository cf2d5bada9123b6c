using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;

namespace Dialogue.Bot.Tests.Messages;

/// <summary>Each outbox row goes out through its own channel's transport; channels without one use the Connector.</summary>
public sealed class OutboundRouterTests
{
    [Theory]
    [InlineData("sms", "sms")]
    [InlineData("SMS", "sms")]
    [InlineData("directline", "directline")]
    [InlineData("msteams", "connector")]
    [InlineData("emulator", "connector")]
    public async Task A_row_is_sent_by_the_transport_of_its_channel(string channelId, string expected)
    {
        var used = new List<string>();
        var router = new OutboundRouter(
            [new Recording("sms", used), new Recording("directline", used)],
            new Recording("connector", used));

        var result = await router.SendAsync(Row(channelId), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal([expected], used);
    }

    [Fact]
    public void Two_transports_for_one_channel_are_a_configuration_error()
    {
        var used = new List<string>();
        Assert.Throws<ArgumentException>(() =>
            new OutboundRouter([new Recording("sms", used), new Recording("SMS", used)], new Recording("connector", used)));
    }

    private static OutboundActivity Row(string channelId) => new()
    {
        ChannelId = channelId,
        ConversationId = "c1",
        ServiceUrl = "http://connector.test/",
        ActivityJson = "{}",
    };

    private sealed class Recording(string name, List<string> used) : IChannelTransport
    {
        public string ChannelId => name;

        public Task<DeliveryResult> SendAsync(OutboundActivity message, CancellationToken cancellationToken)
        {
            used.Add(name);
            return Task.FromResult(DeliveryResult.Sent);
        }
    }
}
