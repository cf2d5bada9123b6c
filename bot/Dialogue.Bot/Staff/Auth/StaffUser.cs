using System.Security.Claims;
using Dialogue.Plan.Domain;

namespace Dialogue.Bot.Staff.Auth;

/// <summary>
/// The claim types the app uses for a signed-in member of staff. Every sign-in path (Entra ID bearer token, the
/// development cookie and dev token) turns what it was given into a fresh principal with only these claims, so a token
/// can never smuggle them in itself.
/// </summary>
public static class StaffClaims
{
    /// <summary>The NAV ident, e.g. <c>Z990001</c>.</summary>
    public const string Ident = "dialogue:ident";

    /// <summary>The office (enhet) the person works for: four digits. Missing = signed in, but no access.</summary>
    public const string Office = "dialogue:office";

    /// <summary>A <see cref="StaffRole"/> name: <c>Veileder</c> or <c>TeamLead</c>.</summary>
    public const string Role = "dialogue:role";

    /// <summary>The first name, the one a person in a conversation sees.</summary>
    public const string FirstName = "dialogue:first_name";

    /// <summary>The full name, for the workspace. Also the identity's name claim.</summary>
    public const string DisplayName = "dialogue:display_name";
}

/// <summary>
/// The member of staff behind a request: who, which office, which role. Endpoints call
/// <c>StaffUser.From(http.User)</c> behind <see cref="StaffPolicies.Staff"/>; null means no access at all.
/// </summary>
public sealed record StaffUser(VeilederId Ident, string FirstName, string DisplayName, OfficeId Office, StaffRole Role)
{
    /// <summary>
    /// The member of staff a principal stands for, or null when it is not signed in, or lacks an ident, a valid office or
    /// a known role. Only claims of authenticated identities count.
    /// </summary>
    public static StaffUser? From(ClaimsPrincipal? principal)
    {
        if (principal is null)
        {
            return null;
        }

        var identities = principal.Identities.Where(i => i.IsAuthenticated).ToList();
        string? Value(string type) => identities.Select(i => i.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        if (Value(StaffClaims.Ident) is not { } ident
            || Value(StaffClaims.Office) is not { } office || !IsOfficeId(office)
            || Value(StaffClaims.Role) is not { } roleName || !Enum.TryParse<StaffRole>(roleName, ignoreCase: false, out var role)
            || !Enum.IsDefined(role) || !string.Equals(role.ToString(), roleName, StringComparison.Ordinal))
        {
            return null;
        }

        var firstName = Value(StaffClaims.FirstName) ?? string.Empty;
        return new StaffUser(new VeilederId(ident), firstName, Value(StaffClaims.DisplayName) ?? firstName, new OfficeId(office), role);
    }

    /// <summary>This member of staff as a principal with the app's own claims (what a sign-in stores).</summary>
    public ClaimsPrincipal ToPrincipal(string authenticationType) =>
        StaffPrincipal.Create(authenticationType, Ident.Value, FirstName, DisplayName, Office, Role);

    internal static bool IsOfficeId(string? value) => value is { Length: 4 } && value.All(char.IsAsciiDigit);
}

/// <summary>Builds the app's own principal; an office may be missing (signed in, but no access).</summary>
internal static class StaffPrincipal
{
    public static ClaimsPrincipal Create(
        string authenticationType, string? ident, string firstName, string displayName, OfficeId? office, StaffRole role)
    {
        var claims = new List<Claim>();
        if (!string.IsNullOrWhiteSpace(ident))
        {
            claims.Add(new Claim(StaffClaims.Ident, ident));
        }

        if (office is { } known)
        {
            claims.Add(new Claim(StaffClaims.Office, known.Value));
        }

        claims.Add(new Claim(StaffClaims.Role, role.ToString()));
        if (firstName.Length > 0)
        {
            claims.Add(new Claim(StaffClaims.FirstName, firstName));
        }

        if (displayName.Length > 0)
        {
            claims.Add(new Claim(StaffClaims.DisplayName, displayName));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, StaffClaims.DisplayName, StaffClaims.Role));
    }
}
