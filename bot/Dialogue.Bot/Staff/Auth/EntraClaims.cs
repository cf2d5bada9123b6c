using System.Security.Claims;
using Dialogue.Plan.Domain;

namespace Dialogue.Bot.Staff.Auth;

/// <summary>Why a validated Entra ID token gives no access (null when it does).</summary>
public enum EntraAccessProblem
{
    None,
    NoIdent,
    NoOfficeGroup,
    SeveralOffices,
    GroupsOverage,
}

/// <summary>
/// Turns a validated Entra ID access token into the app's own principal: <c>NAVident</c> → ident, <c>name</c> →
/// names, the <c>groups</c> claim → office (<c>Staff:Entra:OfficeGroups</c>, exactly one) and team lead
/// (<c>Staff:Entra:TeamLeadGroups</c>, or the app role <c>TeamLead</c> / <c>Dialogue.TeamLead</c> in <c>roles</c>).
/// A token without an ident or without exactly one mapped office stays signed in but gets no office: no access.
/// </summary>
public static class EntraClaims
{
    public const string AuthenticationType = "Entra";
    public const string NavIdent = "NAVident";
    public const string Name = "name";
    public const string GivenName = "given_name";
    public const string Groups = "groups";
    public const string Roles = "roles";

    /// <summary>App roles (in <c>roles</c>) that make a member of staff a team lead.</summary>
    public static readonly IReadOnlyList<string> TeamLeadRoles = ["TeamLead", "Dialogue.TeamLead"];

    public static (ClaimsPrincipal Principal, EntraAccessProblem Problem) Map(ClaimsPrincipal token, EntraSettings settings)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(settings);

        var ident = token.FindFirst(NavIdent)?.Value?.Trim();
        var groups = token.FindAll(Groups).Select(c => c.Value.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var offices = settings.Offices();
        var mapped = groups.Where(offices.ContainsKey).Select(g => offices[g]).Distinct().ToList();
        var teamLead = settings.TeamLeadGroups.Any(g => groups.Contains(g.Trim()))
            || token.FindAll(Roles).Any(r => TeamLeadRoles.Contains(r.Value, StringComparer.Ordinal));
        var (firstName, displayName) = Names(token.FindFirst(Name)?.Value, token.FindFirst(GivenName)?.Value);

        var problem = string.IsNullOrEmpty(ident) ? EntraAccessProblem.NoIdent
            : mapped.Count == 1 ? EntraAccessProblem.None
            : mapped.Count > 1 ? EntraAccessProblem.SeveralOffices
            : groups.Count == 0 && IsGroupsOverage(token) ? EntraAccessProblem.GroupsOverage
            : EntraAccessProblem.NoOfficeGroup;
        OfficeId? office = problem == EntraAccessProblem.None ? mapped[0] : null;
        var principal = StaffPrincipal.Create(
            AuthenticationType, ident, firstName, displayName, office, teamLead ? StaffRole.TeamLead : StaffRole.Veileder);
        return (principal, problem);
    }

    /// <summary>
    /// First and display name from Entra's <c>name</c> (NAV writes it "Lien, Marte") and, when the token has it,
    /// <c>given_name</c>.
    /// </summary>
    public static (string FirstName, string DisplayName) Names(string? name, string? givenName)
    {
        name = name?.Trim() ?? string.Empty;
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        var display = comma > 0 ? $"{name[(comma + 1)..].Trim()} {name[..comma].Trim()}".Trim() : name;
        var first = !string.IsNullOrWhiteSpace(givenName) ? givenName.Trim()
            : display.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        return (first, display.Length > 0 ? display : first);
    }

    /// <summary>Entra leaves out <c>groups</c> when a user has too many and says so with <c>hasgroups</c> or <c>_claim_names</c>.</summary>
    private static bool IsGroupsOverage(ClaimsPrincipal token) =>
        token.HasClaim(c => c.Type is "hasgroups" or "_claim_names" or "_claim_sources");
}
