using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dialogue.Plan.Domain;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dialogue.Bot.Staff.Auth;

/// <summary>
/// Development only: bearer tokens for scripts (<c>POST /veileder/api/dev-token</c>), HS256-signed with
/// <c>Staff:DevSigningKey</c> or, when that is empty, a random key made for this process (tokens then die with it).
/// Validated by the <see cref="StaffSchemes.DevBearer"/> scheme, which exists only in Development.
/// </summary>
public sealed class DevTokens
{
    public const string Issuer = "dialogue-dev";
    public const string Audience = "dialogue-staff";

    private const string OfficeClaim = "office";
    private const string RoleClaim = "role";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };

    private readonly StaffAuthSettings _settings;
    private readonly TimeProvider _clock;

    public DevTokens(StaffAuthSettings settings, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _clock = clock;
        var secret = settings.DevSigningKey.Length > 0 ? Encoding.UTF8.GetBytes(settings.DevSigningKey) : RandomNumberGenerator.GetBytes(32);
        Key = new SymmetricSecurityKey(secret) { KeyId = "dialogue-dev" };
    }

    public SymmetricSecurityKey Key { get; }

    public TimeSpan Lifetime => _settings.DevTokenLifetime;

    public string Issue(StaffUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = _clock.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [JwtRegisteredClaimNames.Sub] = user.Ident.Value,
                [EntraClaims.GivenName] = user.FirstName,
                [EntraClaims.Name] = user.DisplayName,
                [OfficeClaim] = user.Office.Value,
                [RoleClaim] = user.Role.ToString(),
            },
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The validation the dev bearer scheme does: our issuer, audience, key, HS256 and lifetime on our clock.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromMinutes(1),
        LifetimeValidator = StaffTokenLifetime.On(_clock),
    };

    /// <summary>The app's principal from a validated dev token's claims.</summary>
    public static ClaimsPrincipal ToStaffPrincipal(ClaimsPrincipal token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var office = token.FindFirst(OfficeClaim)?.Value;
        var role = Enum.TryParse<StaffRole>(token.FindFirst(RoleClaim)?.Value, ignoreCase: false, out var parsed) ? parsed : StaffRole.Veileder;
        return StaffPrincipal.Create(
            StaffSchemes.DevBearer,
            token.FindFirst(JwtRegisteredClaimNames.Sub)?.Value,
            token.FindFirst(EntraClaims.GivenName)?.Value ?? string.Empty,
            token.FindFirst(EntraClaims.Name)?.Value ?? string.Empty,
            StaffUser.IsOfficeId(office) ? new OfficeId(office!) : null,
            role);
    }

    /// <summary>Whether a bearer token says it is one of ours (unvalidated: only used to pick the scheme).</summary>
    internal static bool LooksLikeDevToken(string token)
    {
        try
        {
            return string.Equals(new JsonWebToken(token).Issuer, Issuer, StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
