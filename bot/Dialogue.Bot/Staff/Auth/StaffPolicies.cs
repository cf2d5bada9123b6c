namespace Dialogue.Bot.Staff.Auth;

/// <summary>Authorization policies for staff endpoints: <c>.RequireAuthorization(StaffPolicies.Staff)</c>.</summary>
public static class StaffPolicies
{
    /// <summary>Signed in with an ident, a valid office and a role (veileder or team lead).</summary>
    public const string Staff = "staff";

    /// <summary>As <see cref="Staff"/>, and the role is team lead.</summary>
    public const string TeamLead = "staff-team-lead";
}

/// <summary>The authentication schemes behind the staff policies.</summary>
public static class StaffSchemes
{
    /// <summary>The policy scheme the staff policies use: picks one of the others per request.</summary>
    public const string Staff = "Staff";

    /// <summary>Entra ID access tokens (production), as the platform's sign-in sidecar or proxy passes them on.</summary>
    public const string Entra = "StaffEntra";

    /// <summary>Development only: the cookie set by <c>/veileder/login</c>.</summary>
    public const string DevCookie = "StaffDevCookie";

    /// <summary>Development only: bearer tokens from <c>/veileder/api/dev-token</c>.</summary>
    public const string DevBearer = "StaffDevBearer";

    /// <summary>Nobody can sign in (no Entra ID configured outside Development): never authenticates anyone.</summary>
    public const string None = "StaffNone";
}
