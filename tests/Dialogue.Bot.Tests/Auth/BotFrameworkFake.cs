using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dialogue.Bot.Auth;
using Dialogue.Tests.Shared;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dialogue.Bot.Tests.Auth;

/// <summary>A channel signing key made for the test: an RSA key pair, its key id and the channels it endorses.</summary>
public sealed class TestSigningKey(string keyId, params string[]? endorsements) : IDisposable
{
    public RSA Rsa { get; } = RSA.Create(2048);

    public string KeyId { get; } = keyId;

    /// <summary>Null: the JWKS entry has no endorsements property at all.</summary>
    public string[]? Endorsements { get; } = endorsements;

    public SigningCredentials Credentials => new(new RsaSecurityKey(Rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);

    public JsonObject Jwk()
    {
        var p = Rsa.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        if (Endorsements is not null)
        {
            jwk["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode)e)]);
        }

        return jwk;
    }

    public void Dispose() => Rsa.Dispose();
}

/// <summary>
/// Stands in for the Bot Framework login service: the OpenID metadata document, the JWKS (with endorsements) and
/// the OAuth token endpoint. Counts what is fetched; can be told to fail.
/// </summary>
public sealed class BotFrameworkFake : HttpMessageHandler
{
    public const string AppId = "4a1b2c3d-0000-4000-8000-00000000b07f";
    public const string AppPassword = "app-password-for-tests";
    public const string MetadataUrl = "https://login.test/v1/.well-known/openidconfiguration";
    public const string KeysUrl = "https://login.test/v1/.well-known/keys";
    public const string TokenUrl = "https://login.test/botframework.com/oauth2/v2.0/token";
    public const string Issuer = "https://api.botframework.com";

    private readonly Lock _gate = new();
    private int _tokensIssued;

    /// <summary>The keys the JWKS lists now (change it to rotate).</summary>
    public List<TestSigningKey> Keys { get; } = [];

    public int MetadataFetches { get; private set; }

    public int KeyFetches { get; private set; }

    public int TokenFetches { get; private set; }

    /// <summary>When set, the metadata and keys documents answer with this status.</summary>
    public HttpStatusCode? MetadataFailure { get; set; }

    /// <summary>Status codes the token endpoint answers with before it issues tokens again, in order.</summary>
    public Queue<HttpStatusCode> TokenFailures { get; } = new();

    /// <summary>The <c>expires_in</c> of issued tokens, in seconds.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>When set, the token endpoint waits for this before answering.</summary>
    public TaskCompletionSource? HoldTokens { get; set; }

    /// <summary>The form fields of the last token request.</summary>
    public Dictionary<string, string> LastTokenRequest { get; private set; } = [];

    /// <summary>Settings that point the host at this fake.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings(string appId = AppId) =>
    [
        new("MicrosoftAppId", appId),
        new("MicrosoftAppPassword", AppPassword),
        new("BotFramework:OpenIdMetadataUrl", MetadataUrl),
        new("BotFramework:TokenEndpoint", TokenUrl),
    ];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.AbsoluteUri;
        if (request.Method == HttpMethod.Get && url == MetadataUrl)
        {
            lock (_gate)
            {
                MetadataFetches++;
            }

            return MetadataFailure is { } failed ? new HttpResponseMessage(failed) : Json(new JsonObject
            {
                ["issuer"] = Issuer,
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = KeysUrl,
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            });
        }

        if (request.Method == HttpMethod.Get && url == KeysUrl)
        {
            lock (_gate)
            {
                KeyFetches++;
                return MetadataFailure is { } failed ? new HttpResponseMessage(failed)
                    : Json(new JsonObject { ["keys"] = new JsonArray([.. Keys.Select(k => (JsonNode)k.Jwk())]) });
            }
        }

        if (request.Method == HttpMethod.Post && url == TokenUrl)
        {
            var form = await request.Content!.ReadAsStringAsync(cancellationToken);
            if (HoldTokens is { } hold)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }

            lock (_gate)
            {
                TokenFetches++;
                LastTokenRequest = form.Split('&').Select(p => p.Split('=', 2))
                    .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p[1]));
                if (TokenFailures.TryDequeue(out var failure))
                {
                    return Json(new JsonObject { ["error"] = "invalid_client", ["error_description"] = "no" }, failure);
                }

                _tokensIssued++;
                return Json(new JsonObject
                {
                    ["token_type"] = "Bearer",
                    ["expires_in"] = TokenLifetimeSeconds,
                    ["ext_expires_in"] = TokenLifetimeSeconds,
                    ["access_token"] = $"bot-token-{_tokensIssued}",
                });
            }
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
    }

    private static HttpResponseMessage Json(JsonObject body, HttpStatusCode status = HttpStatusCode.OK) => new(status)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
    };
}

/// <summary>Makes channel tokens the way the Bot Connector does, on the test's clock.</summary>
public static class ChannelTokens
{
    public static string Create(
        TestSigningKey key,
        FakeClock clock,
        string serviceUrl,
        string audience = BotFrameworkFake.AppId,
        string issuer = BotFrameworkFake.Issuer,
        TimeSpan? validFrom = null,
        TimeSpan? validFor = null,
        SigningCredentials? signWith = null)
    {
        var from = clock.Now + (validFrom ?? TimeSpan.FromMinutes(-1));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = from.UtcDateTime,
            NotBefore = from.UtcDateTime,
            Expires = (from + (validFor ?? TimeSpan.FromHours(1))).UtcDateTime,
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
            SigningCredentials = signWith ?? key.Credentials,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}

/// <summary>Keeps the test's own channel and serviceUrl in one place.</summary>
public static class AuthNames
{
    public const string Channel = "test";
    public const string SecureServiceUrl = "https://connector.test/";
    public const string AuthHttpClient = BotFrameworkAuth.HttpClientName;
}
