using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Extensions;

namespace Dialogue.Bot.Channels.Sms;

/// <summary>The URLs of the SMS channel: Twilio's REST API, the webhook URL Twilio signs, and our status callback.</summary>
public sealed class TwilioEndpoints(TwilioSettings settings, IServer server, IWebHostEnvironment environment)
{
    public const string WebhookPath = "/api/sms/twilio";
    public const string StatusPath = "/api/sms/twilio/status";
    public const string FakeApiPath = "/dev/twilio";

    /// <summary>True when SMS go to this app's own fake Twilio API (Development with dev values, no ApiBaseUrl).</summary>
    public bool UsesFakeApi => settings.UsesDevValues && settings.ApiBaseUrl.Length == 0;

    /// <summary><c>{ApiBaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>.</summary>
    public Uri MessagesUri()
    {
        var root = settings.ApiBaseUrl.Length > 0 ? settings.ApiBaseUrl
            : UsesFakeApi ? SelfBaseUrl() + FakeApiPath
            : TwilioSettings.DefaultApiBaseUrl;
        return new Uri($"{root}/2010-04-01/Accounts/{Uri.EscapeDataString(settings.AccountSid)}/Messages.json");
    }

    /// <summary>
    /// Where Twilio posts delivery receipts: under PublicBaseUrl, or this app's own address in Development. Null when
    /// neither is known (Twilio could not reach us; messages are sent without receipts).
    /// </summary>
    public string? StatusCallbackUrl() =>
        settings.PublicBaseUrl.Length > 0 ? settings.PublicBaseUrl + StatusPath
        : environment.IsDevelopment() ? SelfBaseUrl() + StatusPath
        : null;

    /// <summary>The URL Twilio called, as Twilio signed it: PublicBaseUrl + path + query behind a proxy, else the request URL.</summary>
    public string SignedUrlOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return settings.PublicBaseUrl.Length > 0
            ? settings.PublicBaseUrl + request.Path.ToUriComponent() + request.QueryString.ToUriComponent()
            : request.GetEncodedUrl();
    }

    /// <summary>This app's own loopback address (http preferred), e.g. http://localhost:5000; http://localhost in a test server.</summary>
    public string SelfBaseUrl()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        if (address is null)
        {
            return "http://localhost";
        }

        // Kestrel reports wildcard bindings as given ("http://+:5000", "http://[::]:5000"); call them on loopback.
        var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        var host = uri.Host is "0.0.0.0" or "[::]" ? "localhost" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}";
    }
}
