using System.Text.Json;
using Dialogue.Bot.Hosting;

namespace Dialogue.Bot.Auth;

/// <summary>The bot's own token could not be had; sending should be tried again later.</summary>
public sealed class ConnectorTokenException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The bot's own OAuth 2.0 client-credentials token for calls to the Bot Connector ("bot to Connector" in the Bot
/// Connector authentication spec): <c>MicrosoftAppId</c>/<c>MicrosoftAppPassword</c> against the token endpoint for
/// the scope <c>https://api.botframework.com/.default</c>. Cached until shortly before it expires; one fetch at a time.
/// No token at all when the app id is empty.
/// </summary>
public sealed partial class ConnectorTokens(
    IHttpClientFactory httpClients, BotSettings bot, TimeProvider clock, ILogger<ConnectorTokens> logger) : IDisposable
{
    /// <summary>A token is renewed this long before it expires (or at half its lifetime, when that is sooner).</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private volatile CachedToken? _cached;

    /// <summary>False when the bot has no app id: replies then go out without a token.</summary>
    public bool Enabled => bot.ChannelAuthEnabled;

    /// <summary>The bearer token to send, or null when the bot has no app id (local use).</summary>
    /// <exception cref="ConnectorTokenException">The token endpoint did not give a token.</exception>
    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return null;
        }

        if (_cached is { } fresh && clock.GetUtcNow() < fresh.RenewAt)
        {
            return fresh.AccessToken;
        }

        await _fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } fetched && clock.GetUtcNow() < fetched.RenewAt)
            {
                return fetched.AccessToken; // fetched by another sender while this one waited
            }

            var token = await FetchAsync(cancellationToken).ConfigureAwait(false);
            _cached = token;
            return token.AccessToken;
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>Forgets the cached token if it is still this one (the Connector refused it), so the next send fetches anew.</summary>
    public void Invalidate(string accessToken)
    {
        if (_cached is { } cached && string.Equals(cached.AccessToken, accessToken, StringComparison.Ordinal))
        {
            _cached = null;
        }
    }

    public void Dispose() => _fetching.Dispose();

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var endpoint = bot.BotFramework.TokenEndpointFor(bot.MicrosoftAppTenantId);
        var requestedAt = clock.GetUtcNow();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = bot.MicrosoftAppId.Trim(),
            ["client_secret"] = bot.MicrosoftAppPassword,
            ["scope"] = bot.BotFramework.OAuthScope,
        });

        try
        {
            var client = httpClients.CreateClient(BotFrameworkAuth.HttpClientName);
            using var response = await client.PostAsync(endpoint, form, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ConnectorTokenException(
                    $"{(int)response.StatusCode} {response.ReasonPhrase} from {endpoint.GetLeftPart(UriPartial.Path)}{ErrorCode(body)}");
            }

            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (!root.TryGetProperty("access_token", out var accessToken) || accessToken.GetString() is not { Length: > 0 } value)
            {
                throw new ConnectorTokenException($"No access_token in the answer from {endpoint.GetLeftPart(UriPartial.Path)}.");
            }

            var lifetime = TimeSpan.FromSeconds(Seconds(root, "expires_in") ?? 3600);
            var margin = lifetime / 2 < RenewBefore ? lifetime / 2 : RenewBefore;
            var token = new CachedToken(value, requestedAt + lifetime - margin);
            LogFetched(logger, endpoint.GetLeftPart(UriPartial.Path), requestedAt + lifetime);
            return token;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ConnectorTokenException($"The token endpoint {endpoint.GetLeftPart(UriPartial.Path)} failed: {ex.Message}", ex);
        }
    }

    /// <summary><c>expires_in</c> is a number in the spec's example; some servers send it as a string.</summary>
    private static double? Seconds(JsonElement root, string property) =>
        !root.TryGetProperty(property, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number > 0 ? number
        : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var text) && text > 0 ? text
        : null;

    /// <summary>The OAuth <c>error</c> code of a refusal (never the description, which may echo the client id).</summary>
    private static string ErrorCode(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? $" ({error.GetString()})" : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    [LoggerMessage(EventId = 330, Level = LogLevel.Information, Message = "Got a Bot Connector token from {TokenEndpoint}, valid until {ExpiresAt:O}")]
    private static partial void LogFetched(ILogger logger, string tokenEndpoint, DateTimeOffset expiresAt);

    private sealed record CachedToken(string AccessToken, DateTimeOffset RenewAt);
}
