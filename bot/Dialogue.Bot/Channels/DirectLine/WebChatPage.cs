using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Dialogue.Bot.Endpoints;
using Dialogue.Language.Catalog;

namespace Dialogue.Bot.Channels.DirectLine;

/// <summary>
/// The web chat page at <c>/</c>: Web Chat 4.18.1 served by this app, in bokmål, for a phone as well as an office PC.
/// The page is rendered on the server from a template with the catalog's texts (<c>webchat.page.*</c>). It gets its
/// Direct Line token from <c>POST /api/webchat/token</c>, which starts a new conversation for a random user id the
/// page cannot choose; the Direct Line secret never reaches the browser.
/// </summary>
public static partial class WebChatPage
{
    public const string TokenPath = "/api/webchat/token";
    public const string TokenRateLimitPolicy = "webchat-token";

    /// <summary>The template's placeholders and the catalog texts that fill them.</summary>
    public static readonly IReadOnlyDictionary<string, TextId> Texts = new Dictionary<string, TextId>(StringComparer.Ordinal)
    {
        ["title"] = new("webchat.page.title"),
        ["heading"] = new("webchat.page.heading"),
        ["intro"] = new("webchat.page.intro"),
        ["chat_label"] = new("webchat.page.chat_label"),
        ["loading"] = new("webchat.page.loading"),
        ["noscript"] = new("webchat.page.noscript"),
        ["error"] = new("webchat.page.error"),
        ["retry"] = new("webchat.page.retry"),
    };

    private static readonly Lazy<string> Template = new(LoadTemplate);

    public static IEndpointRouteBuilder MapWebChatPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Page);
        app.MapPost(TokenPath, IssueToken).RequireRateLimiting(TokenRateLimitPolicy);
        return app;
    }

    /// <summary>The page's HTML with every placeholder filled (HTML-encoded) from the catalog.</summary>
    public static string Render(TextCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Placeholder().Replace(Template.Value, m => Texts.TryGetValue(m.Groups[1].Value, out var id)
            ? HtmlEncoder.Default.Encode(catalog.Render(id))
            : throw new InvalidOperationException($"The web chat page template has an unknown placeholder '{m.Value}'."));
    }

    private static IResult Page(HttpContext http, TextCatalog catalog)
    {
        var host = http.Request.Host.Value;
        return HtmlPages.Result(http, Render(catalog),
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
            $"font-src 'self' data:; connect-src 'self' ws://{host} wss://{host}; media-src 'self' blob:; object-src 'none'; " +
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
            cacheControl: "no-cache");
    }

    /// <summary>A token for a new conversation with a new, random user id. Same-origin pages only (as far as a browser tells).</summary>
    private static IResult IssueToken(HttpContext http, DirectLineTokens tokens)
    {
        if (!IsSameOrigin(http.Request))
        {
            return DirectLineEndpoints.Forbidden("Tokens are only for the web chat page on this site.");
        }

        var conversationId = DirectLineEndpoints.NewConversationId();
        var userId = DirectLineEndpoints.NewUserId();
        var issued = tokens.Issue(conversationId, userId);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new PageToken(issued.Token, conversationId, userId, issued.ExpiresIn));
    }

    /// <summary>
    /// Browsers say where a request comes from (<c>Sec-Fetch-Site</c>, <c>Origin</c>); another site's page is refused.
    /// Clients that say nothing (not browsers) are let through; the rate limit is what holds them back.
    /// </summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !string.Equals(site, "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    internal static IResult TooManyTokens() =>
        ApiErrors.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many chats started from this address. Wait a minute.");

    private static string LoadTemplate()
    {
        const string name = "Dialogue.Bot.Channels.DirectLine.WebChatPage.html";
        using var stream = typeof(WebChatPage).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource '{name}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{([a-z_]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    private sealed record PageToken(
        [property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token,
        [property: System.Text.Json.Serialization.JsonPropertyName("conversationId")] string ConversationId,
        [property: System.Text.Json.Serialization.JsonPropertyName("userId")] string UserId,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);
}
