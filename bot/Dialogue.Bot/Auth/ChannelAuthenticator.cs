using System.Net;
using Dialogue.Bot.Endpoints;
using Dialogue.Bot.Hosting;
using Dialogue.Framework.Protocol;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dialogue.Bot.Auth;

/// <summary>
/// The caller of <c>/api/messages</c> as far as the request headers prove it: a channel token that passed every check
/// that does not need the activity, or (with an empty app id) a caller on this machine.
/// </summary>
public sealed record ChannelCaller(ChannelSigningKey? SigningKey, string? ServiceUrl)
{
    /// <summary>No channel auth (empty app id): the request came from this machine.</summary>
    public static ChannelCaller Local { get; } = new(null, null);
}

/// <summary>Either the caller, or the response that refuses the request.</summary>
public sealed record ChannelAuthResult(ChannelCaller? Caller, IResult? Refusal);

/// <summary>
/// Bot Framework "Connector to bot" authentication (the published Bot Connector authentication spec). With an app id,
/// a request needs <c>Authorization: Bearer &lt;JWT&gt;</c>, RS256-signed by a key from the channel's OpenID metadata,
/// from an accepted issuer, for our app id, within its lifetime (plus clock skew); the signing key must endorse the
/// activity's <c>channelId</c> and the token's <c>serviceurl</c> claim must equal the activity's <c>serviceUrl</c>.
/// A key without an <c>endorsements</c> list endorses no channel: the spec requires endorsement for every published
/// channel, and this bot requires it for all. The Emulator's own token path (AAD v1/v2 issuers) is not accepted.
/// With an empty app id only requests made on this machine are accepted (see <see cref="IsLocal"/>).
/// Every refusal is a short JSON error plus one log line naming the failed check; the token itself is never logged.
/// </summary>
public sealed partial class ChannelAuthenticator(
    BotSettings bot, ChannelSigningKeys keys, TimeProvider clock, ILogger<ChannelAuthenticator> logger)
{
    public const string Rs256 = SecurityAlgorithms.RsaSha256;

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>Checks the request headers (before the body is read).</summary>
    public async Task<ChannelAuthResult> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!bot.ChannelAuthEnabled)
        {
            return IsLocal(http)
                ? new ChannelAuthResult(ChannelCaller.Local, null)
                : Refuse(StatusCodes.Status403Forbidden, "Forbidden", "loopback",
                    $"remote address {http.Connection.RemoteIpAddress}{(HasForwardingHeaders(http.Request) ? " via a proxy" : string.Empty)}",
                    "Channel authentication is off (MicrosoftAppId is empty), so only requests made on this machine are accepted.");
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            return Unauthorized(http, "header", header.Length == 0 ? "no Authorization header" : "not the Bearer scheme",
                "Send the channel's token as Authorization: Bearer <token>.");
        }

        JsonWebToken token;
        try
        {
            token = Handler.ReadJsonWebToken(header["Bearer ".Length..].Trim());
        }
        catch (ArgumentException)
        {
            return Unauthorized(http, "format", "not a readable JWT", "The bearer token is not a valid JWT.");
        }

        if (!string.Equals(token.Alg, Rs256, StringComparison.Ordinal))
        {
            return Unauthorized(http, "algorithm", $"alg {token.Alg}", "Only RS256-signed tokens are accepted.");
        }

        if (string.IsNullOrEmpty(token.Kid))
        {
            return Unauthorized(http, "signing key", "no kid in the token header", "The token does not name its signing key.");
        }

        ChannelSigningKey? key;
        try
        {
            key = await keys.FindAsync(token.Kid, cancellationToken).ConfigureAwait(false);
        }
        catch (SigningKeysUnavailableException)
        {
            http.Response.Headers.RetryAfter = "10";
            return Refuse(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "signing keys", "keys unavailable",
                "The bot cannot check channel tokens right now. Try again shortly.");
        }

        if (key is null)
        {
            return Unauthorized(http, "signing key", $"unknown kid {token.Kid}", "The token is not signed by a known channel key.");
        }

        var result = await Handler.ValidateTokenAsync(token, Parameters(key)).ConfigureAwait(false);
        if (!result.IsValid)
        {
            var (check, message) = Describe(result.Exception);
            return Unauthorized(http, check, Detail(check, token), message);
        }

        return new ChannelAuthResult(new ChannelCaller(key, ServiceUrlClaim(token)), null);
    }

    /// <summary>Checks what the token says about the activity: the channel is endorsed and the serviceUrl matches.</summary>
    public IResult? Authorize(HttpContext http, ChannelCaller caller, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(activity);
        if (caller.SigningKey is not { } key)
        {
            return null;
        }

        if (activity.ChannelId is not { Length: > 0 } channelId || !key.Endorsements.Contains(channelId))
        {
            return Unauthorized(http, "endorsement", $"key {key.KeyId} does not endorse channel '{activity.ChannelId}'",
                "The token's signing key is not endorsed for this channel.").Refusal;
        }

        if (caller.ServiceUrl is null || !string.Equals(caller.ServiceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized(http, "serviceUrl", caller.ServiceUrl is null ? "no serviceurl claim" : "claim differs from the activity's serviceUrl",
                "The token's serviceurl claim does not match the activity's serviceUrl.").Refusal;
        }

        return null;
    }

    /// <summary>
    /// A request from this machine: a loopback address (127.0.0.0/8, ::1, also IPv4-mapped), and no proxy forwarding
    /// headers (a local tunnel or reverse proxy would otherwise make the whole internet look local). A request with no
    /// remote address at all is the in-process test server (or a Unix socket), so it counts as local.
    /// </summary>
    internal static bool IsLocal(HttpContext http)
    {
        if (HasForwardingHeaders(http.Request))
        {
            return false;
        }

        var remote = http.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return true;
        }

        return IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
    }

    private static bool HasForwardingHeaders(HttpRequest request) =>
        request.Headers.ContainsKey("Forwarded") || request.Headers.ContainsKey("X-Forwarded-For") || request.Headers.ContainsKey("X-Real-IP");

    private TokenValidationParameters Parameters(ChannelSigningKey key) => new()
    {
        ValidIssuers = bot.BotFramework.Issuers,
        ValidAudience = bot.MicrosoftAppId.Trim(),
        IssuerSigningKey = key.Key,
        ValidAlgorithms = [Rs256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = bot.BotFramework.ClockSkew,
        LifetimeValidator = ValidateLifetime,
    };

    /// <summary>The lifetime check on our <see cref="TimeProvider"/> (IdentityModel 8.16 reads the system clock).</summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var skew = parameters.ClockSkew;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        }

        if (notBefore is { } from && from.ToUniversalTime() > now + skew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = from };
        }

        if (expires.Value.ToUniversalTime() < now - skew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        }

        return true;
    }

    /// <summary>The <c>serviceurl</c> claim (the SDKs' spelling; the spec writes serviceUrl, so any case is read).</summary>
    private static string? ServiceUrlClaim(JsonWebToken token)
    {
        var values = token.Claims.Where(c => string.Equals(c.Type, "serviceurl", StringComparison.OrdinalIgnoreCase))
            .Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        return values.Count == 1 ? values[0] : null;
    }

    private static (string Check, string Message) Describe(Exception? error) => error switch
    {
        SecurityTokenExpiredException => ("lifetime", "The token has expired."),
        SecurityTokenNotYetValidException => ("lifetime", "The token is not valid yet."),
        SecurityTokenNoExpirationException => ("lifetime", "The token has no expiry."),
        SecurityTokenInvalidLifetimeException => ("lifetime", "The token's lifetime is not valid."),
        SecurityTokenInvalidAudienceException => ("audience", "The token is not meant for this bot."),
        SecurityTokenInvalidIssuerException => ("issuer", "The token's issuer is not trusted."),
        SecurityTokenInvalidAlgorithmException => ("algorithm", "Only RS256-signed tokens are accepted."),
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
            ("signature", "The token's signature is not valid."),
        _ => ("token", "The token is not valid."),
    };

    private static string Detail(string check, JsonWebToken token) => check switch
    {
        "lifetime" => $"nbf {token.ValidFrom:O}, exp {token.ValidTo:O}",
        "audience" => $"aud {string.Join(',', token.Audiences)}",
        "issuer" => $"iss {token.Issuer}",
        _ => $"kid {token.Kid}",
    };

    private ChannelAuthResult Unauthorized(HttpContext http, string check, string detail, string message)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Refuse(StatusCodes.Status401Unauthorized, "Unauthorized", check, detail, message);
    }

    private ChannelAuthResult Refuse(int status, string code, string check, string detail, string message)
    {
        LogRefused(logger, status, check, detail);
        return new ChannelAuthResult(null, ApiErrors.Error(status, code, message));
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Refused /api/messages with {Status}: {Check} check failed ({Detail})")]
    private static partial void LogRefused(ILogger logger, int status, string check, string detail);
}
