using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dialogue.Bot.Channels.DirectLine;

/// <summary>What a token may be used for: the conversation's REST calls, or connecting its WebSocket stream once.</summary>
public enum TokenScope
{
    Conversation,
    Stream,
}

/// <summary>A valid token's claims: one conversation, one user, until a time.</summary>
public sealed record DirectLineToken(string ConversationId, string UserId, DateTimeOffset ExpiresAt, TokenScope Scope);

public enum TokenProblem
{
    None,
    Malformed,
    BadSignature,
    Expired,
    WrongScope,
}

/// <summary>A freshly issued token and how many seconds it lives (Direct Line's <c>expires_in</c>).</summary>
public sealed record IssuedToken(string Token, int ExpiresIn);

/// <summary>
/// Direct Line tokens: compact JWTs (HS256) scoped to one conversation and its user, with an expiry. Web Chat reads the
/// <c>user</c> claim to know who it speaks for. The signing key is derived from <c>DirectLine:Secret</c> (HKDF-SHA256),
/// so every replica with the same secret accepts the same tokens; without a secret a random key is made per process.
/// The secret itself is compared in constant time and never logged.
/// </summary>
public sealed class DirectLineTokens
{
    private const string Issuer = "dialogue-directline";
    private const string Header = """{"alg":"HS256","typ":"JWT"}""";
    private static readonly byte[] KeyInfo = Encoding.UTF8.GetBytes("dialogue/directline/token-signing/v1");
    private static readonly string EncodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Header));
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private readonly byte[] _key;
    private readonly byte[]? _secretHash;
    private readonly DirectLineSettings _settings;
    private readonly TimeProvider _clock;

    public DirectLineTokens(DirectLineSettings settings, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _clock = clock;
        if (settings.HasSecret)
        {
            var secret = Encoding.UTF8.GetBytes(settings.Secret);
            _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: KeyInfo);
            _secretHash = SHA256.HashData(secret);
        }
        else
        {
            _key = RandomNumberGenerator.GetBytes(32);
        }
    }

    /// <summary>True when <paramref name="presented"/> is the configured secret (false when none is configured).</summary>
    public bool IsSecret(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        // Hashing first makes the comparison take the same time whatever the length of the guess.
        return _secretHash is not null
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _secretHash);
    }

    public IssuedToken Issue(string conversationId, string userId, TokenScope scope = TokenScope.Conversation)
    {
        var now = _clock.GetUtcNow();
        var lifetime = scope == TokenScope.Stream ? _settings.StreamUrlLifetime : _settings.TokenLifetime;
        var claims = new Claims
        {
            Issuer = Issuer,
            Scope = scope == TokenScope.Stream ? "stream" : "conversation",
            Conversation = conversationId,
            User = userId,
            IssuedAt = now.ToUnixTimeSeconds(),
            NotBefore = now.ToUnixTimeSeconds(),
            Expires = (now + lifetime).ToUnixTimeSeconds(),
            Id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12)),
        };
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signed = $"{EncodedHeader}.{payload}";
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed)));
        return new IssuedToken($"{signed}.{signature}", (int)lifetime.TotalSeconds);
    }

    /// <summary>Checks signature, expiry and scope. The token is returned only when there is no problem.</summary>
    public (DirectLineToken? Token, TokenProblem Problem) Validate(string token, TokenScope scope)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3 || !string.Equals(parts[0], EncodedHeader, StringComparison.Ordinal))
        {
            return (null, TokenProblem.Malformed);
        }

        byte[] signature;
        Claims? claims;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
            if (!CryptographicOperations.FixedTimeEquals(signature, expected))
            {
                return (null, TokenProblem.BadSignature);
            }

            claims = JsonSerializer.Deserialize<Claims>(Base64Url.DecodeFromChars(parts[1]));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return (null, TokenProblem.Malformed);
        }

        if (claims is not { Conversation.Length: > 0, User.Length: > 0 } || claims.Issuer != Issuer)
        {
            return (null, TokenProblem.Malformed);
        }

        var now = _clock.GetUtcNow();
        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.Expires);
        if (now >= expires || now + ClockSkew < DateTimeOffset.FromUnixTimeSeconds(claims.NotBefore))
        {
            return (null, TokenProblem.Expired);
        }

        var tokenScope = claims.Scope switch
        {
            "conversation" => TokenScope.Conversation,
            "stream" => TokenScope.Stream,
            _ => (TokenScope?)null,
        };
        return tokenScope == scope
            ? (new DirectLineToken(claims.Conversation, claims.User, expires, scope), TokenProblem.None)
            : (null, TokenProblem.WrongScope);
    }

    private sealed class Claims
    {
        [JsonPropertyName("iss")]
        public string? Issuer { get; set; }

        [JsonPropertyName("scope")]
        public string? Scope { get; set; }

        [JsonPropertyName("conv")]
        public string? Conversation { get; set; }

        /// <summary>Web Chat and DirectLineJS read this claim as the user id.</summary>
        [JsonPropertyName("user")]
        public string? User { get; set; }

        [JsonPropertyName("iat")]
        public long IssuedAt { get; set; }

        [JsonPropertyName("nbf")]
        public long NotBefore { get; set; }

        [JsonPropertyName("exp")]
        public long Expires { get; set; }

        [JsonPropertyName("jti")]
        public string? Id { get; set; }
    }
}
