using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Dialogue.Bot.Tests.Auth;
using Dialogue.Tests.Shared;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>
/// Stands in for an Entra ID tenant: its OpenID metadata document (v2.0) and signing keys (JWKS), made from RSA keys
/// generated for the test. Counts fetches.
/// </summary>
public sealed class EntraFake : HttpMessageHandler
{
    public const string TenantId = "0d1e7a11-0000-4000-8000-0000000e17a0";
    public const string ClientId = "c11e0000-0000-4000-8000-00000d1a1060";
    public const string MetadataUrl = $"https://login.test/{TenantId}/v2.0/.well-known/openid-configuration";
    public const string KeysUrl = $"https://login.test/{TenantId}/discovery/v2.0/keys";
    public const string Issuer = $"https://login.microsoftonline.com/{TenantId}/v2.0";

    public const string BaerumGroup = "9a1b0219-0000-4000-8000-000000000219";
    public const string GrunerlokkaGroup = "9a1b0315-0000-4000-8000-000000000315";
    public const string TeamLeadGroup = "7ea41ead-0000-4000-8000-0000000001ea";
    public const string UnrelatedGroup = "00000000-0000-4000-8000-00000000abcd";

    private int _metadataFetches;
    private int _keyFetches;

    /// <summary>The keys the JWKS lists now.</summary>
    public List<TestSigningKey> Keys { get; } = [];

    public int MetadataFetches => _metadataFetches;

    public int KeyFetches => _keyFetches;

    /// <summary>Settings that point the host at this tenant, with Bærum, Grünerløkka and a team-lead group mapped.</summary>
    public static IEnumerable<(string Key, string Value)> Settings() =>
    [
        ("Staff:Entra:TenantId", TenantId),
        ("Staff:Entra:ClientId", ClientId),
        ("Staff:Entra:MetadataAddress", MetadataUrl),
        ($"Staff:Entra:OfficeGroups:{BaerumGroup}", "0219"),
        ($"Staff:Entra:OfficeGroups:{GrunerlokkaGroup}", "0315"),
        ("Staff:Entra:TeamLeadGroups:0", TeamLeadGroup),
    ];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.AbsoluteUri;
        if (request.Method == HttpMethod.Get && url == MetadataUrl)
        {
            Interlocked.Increment(ref _metadataFetches);
            return Task.FromResult(Json(new JsonObject
            {
                ["issuer"] = Issuer,
                ["authorization_endpoint"] = $"https://login.test/{TenantId}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"https://login.test/{TenantId}/oauth2/v2.0/token",
                ["jwks_uri"] = KeysUrl,
                ["response_types_supported"] = new JsonArray("code", "id_token"),
                ["subject_types_supported"] = new JsonArray("pairwise"),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            }));
        }

        if (request.Method == HttpMethod.Get && url == KeysUrl)
        {
            Interlocked.Increment(ref _keyFetches);
            lock (Keys)
            {
                return Task.FromResult(Json(new JsonObject { ["keys"] = new JsonArray([.. Keys.Select(k => (JsonNode)k.Jwk())]) }));
            }
        }

        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request });
    }

    private static HttpResponseMessage Json(JsonObject body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
    };
}

/// <summary>Makes Entra ID v2.0 access tokens the way the tenant would, on the test's clock.</summary>
public static class EntraTokens
{
    public static string Create(
        TestSigningKey key,
        FakeClock clock,
        string? ident = "Z990001",
        string name = "Lien, Marte",
        string[]? groups = null,
        string[]? roles = null,
        string audience = EntraFake.ClientId,
        string issuer = EntraFake.Issuer,
        TimeSpan? validFrom = null,
        TimeSpan? validFor = null,
        SigningCredentials? signWith = null,
        IDictionary<string, object>? extra = null)
    {
        var from = clock.Now + (validFrom ?? TimeSpan.FromMinutes(-1));
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["ver"] = "2.0",
            ["tid"] = EntraFake.TenantId,
            ["oid"] = "5eed0000-0000-4000-8000-000000000001",
            ["azp"] = "wonderwall-client",
            ["name"] = name,
            ["groups"] = groups ?? [EntraFake.BaerumGroup],
        };
        if (ident is not null)
        {
            claims["NAVident"] = ident;
        }

        if (roles is not null)
        {
            claims["roles"] = roles;
        }

        foreach (var (type, value) in extra ?? new Dictionary<string, object>())
        {
            claims[type] = value;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = from.UtcDateTime,
            NotBefore = from.UtcDateTime,
            Expires = (from + (validFor ?? TimeSpan.FromHours(1))).UtcDateTime,
            Subject = new ClaimsIdentity([new Claim("sub", "pairwise-subject")]),
            Claims = claims,
            SigningCredentials = signWith ?? key.Credentials,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
