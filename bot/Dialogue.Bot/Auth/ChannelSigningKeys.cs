using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using Dialogue.Bot.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Dialogue.Bot.Auth;

/// <summary>A channel signing key and the channel ids it endorses (empty when the key lists none).</summary>
public sealed record ChannelSigningKey(string KeyId, SecurityKey Key, IReadOnlySet<string> Endorsements);

/// <summary>The signing keys cannot be fetched and none are cached: requests cannot be checked right now.</summary>
public sealed class SigningKeysUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The Bot Framework channel's signing keys: the OpenID metadata document names a JWKS document whose RSA keys carry
/// an extra <c>endorsements</c> array (the channel ids the key may speak for). Keys are cached for
/// <see cref="BotFrameworkSettings.KeyRefreshInterval"/>, fetched one request at a time, fetched again early when a token
/// names a key we do not know (at most once per <see cref="BotFrameworkSettings.UnknownKeyRefreshInterval"/>), and kept
/// when a refresh fails.
/// </summary>
public sealed partial class ChannelSigningKeys(
    IHttpClientFactory httpClients, BotSettings bot, TimeProvider clock, ILogger<ChannelSigningKeys> logger) : IDisposable
{
    /// <summary>With no keys at all, a failed fetch is not tried again for this long (requests get 503 meanwhile).</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private volatile KeySnapshot? _current;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private bool _lastAttemptFailed;

    private BotFrameworkSettings Settings => bot.BotFramework;

    /// <summary>The key with this id, or null when the channel does not list it (even after a fresh fetch).</summary>
    /// <exception cref="SigningKeysUnavailableException">No keys are cached and they cannot be fetched.</exception>
    public async Task<ChannelSigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var seen = _current;
        if (seen is not null && !IsStale(seen) && seen.Keys.TryGetValue(keyId, out var known))
        {
            return known;
        }

        await _fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _current;
            if (current is not null && !ReferenceEquals(current, seen) && current.Keys.TryGetValue(keyId, out known))
            {
                return known; // another request fetched them while this one waited
            }

            if (ShouldFetch(current))
            {
                // Not the caller's token: the fetch serves every waiting request, so one caller hanging up must not stop it.
                current = await FetchAsync(CancellationToken.None).ConfigureAwait(false) ?? current;
            }

            if (current is null)
            {
                throw new SigningKeysUnavailableException($"The channel signing keys could not be fetched from {Settings.OpenIdMetadataUrl}.");
            }

            return current.Keys.GetValueOrDefault(keyId);
        }
        finally
        {
            _fetching.Release();
        }
    }

    public void Dispose() => _fetching.Dispose();

    private bool IsStale(KeySnapshot snapshot) => clock.GetUtcNow() - snapshot.FetchedAt >= Settings.KeyRefreshInterval;

    private bool ShouldFetch(KeySnapshot? current)
    {
        var sinceAttempt = clock.GetUtcNow() - _lastAttempt;
        if (current is null)
        {
            return !_lastAttemptFailed || sinceAttempt >= RetryAfterFailure;
        }

        // Stale keys, or an unknown key id: fetch again, but not more often than the unknown-key interval.
        return sinceAttempt >= Settings.UnknownKeyRefreshInterval || (IsStale(current) && !_lastAttemptFailed);
    }

    private async Task<KeySnapshot?> FetchAsync(CancellationToken cancellationToken)
    {
        _lastAttempt = clock.GetUtcNow();
        try
        {
            var client = httpClients.CreateClient(BotFrameworkAuth.HttpClientName);
            using var metadata = await GetJsonAsync(client, new Uri(Settings.OpenIdMetadataUrl), cancellationToken).ConfigureAwait(false);
            if (!metadata.RootElement.TryGetProperty("jwks_uri", out var jwksUri) || jwksUri.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(jwksUri.GetString(), UriKind.Absolute, out var jwksUrl))
            {
                throw new InvalidDataException("The OpenID metadata document has no absolute jwks_uri.");
            }

            using var jwks = await GetJsonAsync(client, jwksUrl, cancellationToken).ConfigureAwait(false);
            var keys = ReadKeys(jwks.RootElement);
            var snapshot = new KeySnapshot(keys, clock.GetUtcNow());
            _current = snapshot;
            _lastAttemptFailed = false;
            LogKeysFetched(logger, keys.Count, jwksUrl.GetLeftPart(UriPartial.Path));
            return snapshot;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidDataException or JsonException
            or CryptographicException or FormatException or ArgumentException)
        {
            _lastAttemptFailed = true;
            LogFetchFailed(logger, ex, Settings.OpenIdMetadataUrl, _current is not null);
            return null;
        }
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase} from {url.GetLeftPart(UriPartial.Path)}");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The RSA signing keys of a JWKS document; other key types and keys for encryption are left out.</summary>
    internal static FrozenDictionary<string, ChannelSigningKey> ReadKeys(JsonElement jwks)
    {
        if (!jwks.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("The JWKS document has no keys array.");
        }

        var result = new Dictionary<string, ChannelSigningKey>(StringComparer.Ordinal);
        foreach (var key in keys.EnumerateArray())
        {
            if (Text(key, "kty") != "RSA" || Text(key, "use") is { } use && use != "sig"
                || Text(key, "kid") is not { Length: > 0 } kid || Text(key, "n") is not { } n || Text(key, "e") is not { } e)
            {
                continue;
            }

            var rsa = new RsaSecurityKey(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(n), Exponent = Base64UrlEncoder.DecodeBytes(e) })
            {
                KeyId = kid,
            };
            var endorsements = key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToFrozenSet(StringComparer.Ordinal)
                : FrozenSet<string>.Empty;
            result[kid] = new ChannelSigningKey(kid, rsa, endorsements);
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Fetched {KeyCount} channel signing keys from {JwksUrl}")]
    private static partial void LogKeysFetched(ILogger logger, int keyCount, string jwksUrl);

    [LoggerMessage(EventId = 321, Level = LogLevel.Error,
        Message = "Could not fetch the channel signing keys via {MetadataUrl} (cached keys kept: {KeptCached})")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception, string metadataUrl, bool keptCached);

    private sealed record KeySnapshot(FrozenDictionary<string, ChannelSigningKey> Keys, DateTimeOffset FetchedAt);
}
