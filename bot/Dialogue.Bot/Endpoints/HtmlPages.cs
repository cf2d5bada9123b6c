using System.Text;

namespace Dialogue.Bot.Endpoints;

/// <summary>An HTML page with the headers every page of ours gets: its content security policy, no sniffing, no referrer, and a cache rule.</summary>
public static class HtmlPages
{
    public static IResult Result(HttpContext http, string html, string contentSecurityPolicy, string cacheControl = "no-store", int statusCode = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(http);
        SetHeaders(http.Response, contentSecurityPolicy, cacheControl);
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    public static void SetHeaders(HttpResponse response, string contentSecurityPolicy, string cacheControl = "no-store")
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = cacheControl;
    }
}
