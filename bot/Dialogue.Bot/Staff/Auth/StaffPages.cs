using System.Text;
using Dialogue.Bot.Endpoints;
using Dialogue.Bot.Staff.Workspace;
using Dialogue.Language.Catalog;
using static Dialogue.Bot.Staff.StaffHtml;

namespace Dialogue.Bot.Staff.Auth;

/// <summary>
/// The small server-rendered pages of staff sign-in: the development login form and "no access". Texts come from the
/// staff catalog (<see cref="WorkspaceTexts"/>).
/// </summary>
public static class StaffPages
{
    private const string Style = """
  * { box-sizing: border-box; }
  body { margin: 0; font: 18px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1f; background: #f4f4f6; }
  main { max-width: 26rem; margin: 3rem auto; padding: 1.5rem 1.75rem; background: #fff; border: 1px solid #c6c6cf; border-radius: 8px; }
  h1 { font-size: 1.5rem; margin: 0 0 .75rem; }
  p { margin: 0 0 1rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
  input { width: 100%; padding: .5rem .6rem; font: inherit; border: 1px solid #595962; border-radius: 4px; }
  input:focus, button:focus { outline: 3px solid #005b82; outline-offset: 2px; }
  button { margin-top: 1.25rem; padding: .55rem 1.25rem; font: inherit; font-weight: 600; color: #fff; background: #005b82; border: 0; border-radius: 4px; cursor: pointer; }
  .error { color: #a8071a; font-weight: 600; border-left: 4px solid #a8071a; padding-left: .6rem; }
""";

    /// <summary>The development login form; <paramref name="error"/> is a catalog text id shown above the form.</summary>
    public static string Login(WorkspaceTexts texts, string redirect, string? ident = null, TextId? error = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(redirect);
        var body = new StringBuilder()
            .Append("<h1>").Append(Encode(texts[WorkspaceTexts.LoginTitle])).Append("</h1>\n")
            .Append("<p>").Append(Encode(texts[WorkspaceTexts.LoginIntro])).Append("</p>\n");
        if (error is { } id)
        {
            body.Append("<p id=\"login-error\" class=\"error\" role=\"alert\">").Append(Encode(texts[id])).Append("</p>\n");
        }

        var invalid = error is null ? string.Empty : " aria-invalid=\"true\" aria-describedby=\"login-error\"";
        body.Append("<form method=\"post\" action=\"").Append(StaffPaths.Login).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"redirect\" value=\"").Append(Encode(redirect)).Append("\">\n")
            .Append("<label for=\"ident\">").Append(Encode(texts[WorkspaceTexts.LoginIdent])).Append("</label>\n")
            .Append("<input id=\"ident\" name=\"ident\" type=\"text\" autocomplete=\"username\" autocapitalize=\"characters\" spellcheck=\"false\" required")
            .Append(invalid).Append(" value=\"").Append(Encode(ident ?? string.Empty)).Append("\">\n")
            .Append("<label for=\"password\">").Append(Encode(texts[WorkspaceTexts.LoginPassword])).Append("</label>\n")
            .Append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required").Append(invalid).Append(">\n")
            .Append("<button type=\"submit\">").Append(Encode(texts[WorkspaceTexts.LoginSubmit])).Append("</button>\n")
            .Append("</form>\n");
        return Page(texts[WorkspaceTexts.LoginTitle], body.ToString());
    }

    /// <summary>Signed in, but no access (no office, or not the role the page needs).</summary>
    public static string Forbidden(WorkspaceTexts texts, bool canSignOut)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var title = texts[WorkspaceTexts.ForbiddenTitle];
        var body = new StringBuilder()
            .Append("<h1>").Append(Encode(title)).Append("</h1>\n")
            .Append("<p>").Append(Encode(texts[WorkspaceTexts.ForbiddenText])).Append("</p>\n");
        if (canSignOut)
        {
            body.Append("<form method=\"post\" action=\"").Append(StaffPaths.Logout).Append("\"><button type=\"submit\">")
                .Append(Encode(texts[WorkspaceTexts.Logout])).Append("</button></form>\n");
        }

        return Page(title, body.ToString());
    }

    /// <summary>Writes a page with the headers every staff page gets (no caching, no framing, no scripts).</summary>
    public static IResult Result(HttpContext http, string page, int statusCode = StatusCodes.Status200OK) =>
        HtmlPages.Result(http, page, ContentSecurityPolicy, statusCode: statusCode);

    internal static void SetHeaders(HttpResponse response) => HtmlPages.SetHeaders(response, ContentSecurityPolicy);

    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static string Page(string title, string body) => $"""
<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{Encode(title)}</title>
<style>
{Style}</style>
</head>
<body>
<main>
{body}</main>
</body>
</html>
""";
}
