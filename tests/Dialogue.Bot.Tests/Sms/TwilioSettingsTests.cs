using Dialogue.Bot.Channels.Sms;
using Microsoft.Extensions.Configuration;

namespace Dialogue.Bot.Tests.Sms;

/// <summary>
/// <c>Twilio:RequestTimeout</c>: how long one REST call may take. Unset is 30 s; a value outside 1 s–5 min or not a
/// time stops the start with a message naming the setting, instead of a host that waits forever or gives up at once.
/// </summary>
public sealed class TwilioSettingsTests
{
    [Theory]
    [InlineData(null, 30)]
    [InlineData("00:00:05", 5)]
    [InlineData("00:05:00", 300)]
    public void The_request_timeout_is_read_or_defaults_to_30_seconds(string? value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TwilioSettings.From(Config(value), development: false).RequestTimeout);

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:10:00")]
    [InlineData("soon")]
    public void A_request_timeout_out_of_range_stops_the_start(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TwilioSettings.From(Config(value), development: false));
        Assert.Contains("Twilio:RequestTimeout", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Config(string? timeout) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Twilio:RequestTimeout"] = timeout }).Build();
}
