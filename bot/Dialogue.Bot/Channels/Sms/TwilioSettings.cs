namespace Dialogue.Bot.Channels.Sms;

/// <summary>
/// The <c>Twilio:*</c> settings. In Development, when neither AccountSid nor AuthToken is set, obvious dev values are
/// used and SMS go to the built-in fake Twilio API (<c>/dev/twilio/...</c>, shown at <c>/dev/sms</c>), so the SMS
/// channel works on a laptop without an account.
/// </summary>
public sealed class TwilioSettings
{
    public const string DefaultApiBaseUrl = "https://api.twilio.com";
    public const string DevAccountSid = "ACdev00000000000000000000000000000";
    public const string DevAuthToken = "dev-auth-token-not-a-secret";
    public const string DevFromNumber = "+4799990000";

    public string AccountSid { get; init; } = string.Empty;

    public string AuthToken { get; init; } = string.Empty;

    /// <summary>The sender (a Twilio number). <see cref="MessagingServiceSid"/> is used instead when set.</summary>
    public string FromNumber { get; init; } = string.Empty;

    public string MessagingServiceSid { get; init; } = string.Empty;

    /// <summary>Where the REST API is; empty means Twilio's own, or in Development with dev values, this app's fake.</summary>
    public string ApiBaseUrl { get; init; } = string.Empty;

    /// <summary>The public URL Twilio calls (and signs) when the app is behind a proxy, e.g. https://dialogue.nav.no.</summary>
    public string PublicBaseUrl { get; init; } = string.Empty;

    /// <summary>
    /// How long one REST call to Twilio may take before it counts as timed out and the message is tried again later
    /// (<c>Twilio:RequestTimeout</c>, 1 s to 5 min). A send that timed out may still have gone out: then the person
    /// gets it twice.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>True when the Development dev values are in use (and, unless ApiBaseUrl is set, the built-in fake API).</summary>
    public bool UsesDevValues { get; init; }

    public bool CanSend => !string.IsNullOrWhiteSpace(AccountSid) && !string.IsNullOrWhiteSpace(AuthToken);

    public static TwilioSettings From(IConfiguration config, bool development)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.GetSection("Twilio");
        string Value(string key) => section[key]?.Trim() ?? string.Empty;
        var accountSid = Value(nameof(AccountSid));
        var authToken = Value(nameof(AuthToken));
        var dev = development && accountSid.Length == 0 && authToken.Length == 0;
        var timeout = DefaultRequestTimeout;
        if (Value(nameof(RequestTimeout)) is { Length: > 0 } given
            && (!TimeSpan.TryParse(given, System.Globalization.CultureInfo.InvariantCulture, out timeout)
                || timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromMinutes(5)))
        {
            throw new InvalidOperationException($"Twilio:RequestTimeout must be a time from 00:00:01 to 00:05:00, not '{given}'.");
        }

        return new TwilioSettings
        {
            AccountSid = dev ? DevAccountSid : accountSid,
            AuthToken = dev ? DevAuthToken : authToken,
            FromNumber = Value(nameof(FromNumber)) is { Length: > 0 } from ? from : dev ? DevFromNumber : string.Empty,
            MessagingServiceSid = Value(nameof(MessagingServiceSid)),
            ApiBaseUrl = Value(nameof(ApiBaseUrl)).TrimEnd('/'),
            PublicBaseUrl = Value(nameof(PublicBaseUrl)).TrimEnd('/'),
            UsesDevValues = dev,
            RequestTimeout = timeout,
        };
    }
}
