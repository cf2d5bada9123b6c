namespace Dialogue.Bot.Staff.Auth;

/// <summary>Where the staff workspace, its API and sign-in live.</summary>
public static class StaffPaths
{
    /// <summary>The workspace (fixed path).</summary>
    public const string Workspace = "/veileder";

    /// <summary>The staff JSON API: refusals here are JSON (401/403), never redirects.</summary>
    public const string Api = "/veileder/api";

    public const string Me = "/veileder/api/me";

    /// <summary>Development only.</summary>
    public const string Login = "/veileder/login";

    /// <summary>Development only.</summary>
    public const string Logout = "/veileder/logout";

    /// <summary>Development only.</summary>
    public const string DevToken = "/veileder/api/dev-token";

    public static bool IsApi(PathString path) => path.StartsWithSegments(Api, StringComparison.OrdinalIgnoreCase);

    public static bool IsWorkspace(PathString path) => path.StartsWithSegments(Workspace, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Where to go after signing in: a path inside the workspace (never another site, never a protocol-relative URL),
    /// else the workspace itself.
    /// </summary>
    public static string SafeReturnPath(string? redirect)
    {
        if (string.IsNullOrEmpty(redirect) || redirect.Length > 2000 || redirect.StartsWith("//", StringComparison.Ordinal)
            || redirect.Contains('\\', StringComparison.Ordinal) || redirect.Any(char.IsControl)
            || !Uri.TryCreate(redirect, UriKind.Relative, out _))
        {
            return Workspace;
        }

        var path = redirect.Split('?', '#')[0];
        return IsWorkspace(new PathString(path)) && !path.Contains("/../", StringComparison.Ordinal) && !path.EndsWith("/..", StringComparison.Ordinal)
            ? redirect
            : Workspace;
    }
}
