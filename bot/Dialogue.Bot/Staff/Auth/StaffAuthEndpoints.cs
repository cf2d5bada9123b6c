using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dialogue.Bot.Endpoints;
using Dialogue.Language.Catalog;
using Microsoft.AspNetCore.Authentication;

using Dialogue.Bot.Staff.Workspace;

namespace Dialogue.Bot.Staff.Auth;

/// <summary>
/// <c>GET /veileder/api/me</c> (who is signed in), and in Development only the sign-in endpoints: the login page
/// (<c>GET/POST /veileder/login</c>), <c>POST /veileder/logout</c> and <c>POST /veileder/api/dev-token</c>. Elsewhere
/// those are not mapped (404).
/// </summary>
public static class StaffAuthEndpoints
{
    public static WebApplication MapStaffAuthEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(StaffPaths.Me, Me).RequireAuthorization(StaffPolicies.Staff);
        if (app.Environment.IsDevelopment())
        {
            app.MapGet(StaffPaths.Login, LoginPage);
            app.MapPost(StaffPaths.Login, LoginAsync);
            app.MapPost(StaffPaths.Logout, LogoutAsync);
            app.MapPost(StaffPaths.DevToken, DevTokenAsync);
        }

        return app;
    }

    public sealed record MeResponse(string Ident, string FirstName, string DisplayName, string Office, string Role);

    public sealed record DevTokenRequest(string? Ident, string? Password);

    public sealed record DevTokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    private static IResult Me(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        return StaffUser.From(http.User) is { } user
            ? Results.Json(new MeResponse(user.Ident.Value, user.FirstName, user.DisplayName, user.Office.Value, user.Role.ToString()))
            : ApiErrors.Error(StatusCodes.Status403Forbidden, "Forbidden", "You are signed in, but have no access to this.");
    }

    private static IResult LoginPage(HttpContext http, WorkspaceTexts texts, string? redirect) =>
        StaffPages.Result(http, StaffPages.Login(texts, StaffPaths.SafeReturnPath(redirect)));

    private static async Task<IResult> LoginAsync(HttpContext http, DevAccounts accounts, WorkspaceTexts texts, CancellationToken cancellationToken)
    {
        if (!IsSameSite(http.Request))
        {
            return StaffPages.Result(http, StaffPages.Forbidden(texts, canSignOut: false), StatusCodes.Status403Forbidden);
        }

        if (!http.Request.HasFormContentType)
        {
            return ApiErrors.Error(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", "Send the login form (application/x-www-form-urlencoded).");
        }

        var form = await http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var ident = form["ident"].ToString();
        var redirect = StaffPaths.SafeReturnPath(form["redirect"].ToString());
        var result = await accounts.SignInAsync(ident, form["password"].ToString(), cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case DevSignInOutcome.SignedIn:
                await http.SignInAsync(StaffSchemes.DevCookie, result.User!.ToPrincipal(StaffSchemes.DevCookie)).ConfigureAwait(false);
                http.Response.Headers.CacheControl = "no-store";
                http.Response.Headers.Location = redirect;
                return Results.StatusCode(StatusCodes.Status303SeeOther);
            case DevSignInOutcome.Locked:
                http.Response.Headers.RetryAfter = RetryAfterSeconds(http, result.RetryAt);
                return StaffPages.Result(http, StaffPages.Login(texts, redirect, ident.Trim(), WorkspaceTexts.LoginLocked), StatusCodes.Status429TooManyRequests);
            default:
                return StaffPages.Result(http, StaffPages.Login(texts, redirect, ident.Trim(), WorkspaceTexts.LoginError));
        }
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, WorkspaceTexts texts)
    {
        if (!IsSameSite(http.Request))
        {
            return StaffPages.Result(http, StaffPages.Forbidden(texts, canSignOut: false), StatusCodes.Status403Forbidden);
        }

        await http.SignOutAsync(StaffSchemes.DevCookie).ConfigureAwait(false);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Location = StaffPaths.Login;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> DevTokenAsync(HttpContext http, DevAccounts accounts, DevTokens tokens, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (!http.Request.HasJsonContentType())
        {
            return ApiErrors.Error(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", "Send JSON: {\"ident\": \"...\", \"password\": \"...\"}.");
        }

        DevTokenRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync<DevTokenRequest>(cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return ApiErrors.BadRequest("The body is not valid JSON: {\"ident\": \"...\", \"password\": \"...\"}.");
        }

        var result = await accounts.SignInAsync(request?.Ident, request?.Password, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case DevSignInOutcome.SignedIn:
                return Results.Json(new DevTokenResponse(tokens.Issue(result.User!), "Bearer", (int)tokens.Lifetime.TotalSeconds));
            case DevSignInOutcome.Locked:
                http.Response.Headers.RetryAfter = RetryAfterSeconds(http, result.RetryAt);
                return ApiErrors.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many failed sign-ins for this ident. Wait and try again.");
            default:
                return ApiErrors.Error(StatusCodes.Status401Unauthorized, "Unauthorized", "Wrong ident or password.");
        }
    }

    private static string RetryAfterSeconds(HttpContext http, DateTimeOffset? retryAt)
    {
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var seconds = retryAt is { } at ? Math.Max(1, (int)Math.Ceiling((at - now).TotalSeconds)) : 60;
        return seconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A browser's form post from another site is refused (login CSRF); clients that say nothing are let through.
    /// A browser posting a form from our own page says <c>Origin: null</c>, because the page has
    /// <c>Referrer-Policy: no-referrer</c>; that is accepted only when the browser also says the post is same-origin.
    /// </summary>
    private static bool IsSameSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !site.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0
            || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
            || (origin == "null" && site.Equals("same-origin", StringComparison.OrdinalIgnoreCase));
    }
}
