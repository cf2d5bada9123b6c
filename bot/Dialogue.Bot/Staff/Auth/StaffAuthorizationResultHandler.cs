using Dialogue.Bot.Endpoints;
using Dialogue.Language.Catalog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

using Dialogue.Bot.Staff.Workspace;

namespace Dialogue.Bot.Staff.Auth;

/// <summary>
/// What a refused staff request gets. Not signed in: the API answers 401 with the JSON error body, a page (GET) is sent
/// to sign in (<c>/veileder/login</c> in Development, else <c>Staff:LoginPath</c>) with <c>?redirect=</c> the page.
/// Signed in without access: 403, as JSON for the API and as a short Norwegian page otherwise. Other paths keep
/// ASP.NET's default behaviour.
/// </summary>
internal sealed class StaffAuthorizationResultHandler(StaffAuthSettings settings, IHostEnvironment environment, WorkspaceTexts texts)
    : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        var path = context.Request.Path;
        if (authorizeResult.Succeeded || !StaffPaths.IsWorkspace(path))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        var page = !StaffPaths.IsApi(path) && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method));
        IResult result;
        if (authorizeResult.Forbidden)
        {
            result = page
                ? StaffPages.Result(context, StaffPages.Forbidden(texts, environment.IsDevelopment()), StatusCodes.Status403Forbidden)
                : ApiErrors.Error(StatusCodes.Status403Forbidden, "Forbidden", "You are signed in, but have no access to this.");
        }
        else if (page)
        {
            result = Results.Redirect(LoginUrl(context.Request));
        }
        else
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            result = ApiErrors.Error(StatusCodes.Status401Unauthorized, "Unauthorized", "Sign in first: this needs a member of staff.");
        }

        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>The sign-in page with <c>?redirect=</c> the page asked for.</summary>
    internal string LoginUrl(HttpRequest request)
    {
        var back = Uri.EscapeDataString($"{request.PathBase}{request.Path}{request.QueryString}");
        var login = environment.IsDevelopment() ? $"{request.PathBase}{StaffPaths.Login}" : settings.LoginPath;
        return $"{login}{(login.Contains('?', StringComparison.Ordinal) ? '&' : '?')}redirect={back}";
    }
}
