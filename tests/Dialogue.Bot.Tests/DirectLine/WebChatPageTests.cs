using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Dialogue.Bot.Channels.DirectLine;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Dialogue.Language.Catalog;
using Microsoft.AspNetCore.Hosting;

namespace Dialogue.Bot.Tests.DirectLine;

/// <summary>
/// The web chat page at /: bokmål, texts from the catalog, Web Chat served by the app itself, and a token endpoint
/// that starts a fresh conversation for a random user without ever showing the secret.
/// </summary>
public sealed class WebChatPageTests
{
    private const string Secret = DirectLineTokenTests.Secret;

    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dialogue.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir!.FullName, .. parts]);
    }

    [Fact]
    public async Task The_page_is_in_bokmal_with_every_text_from_the_catalog()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = DirectLineTokenTests.App(db);

        using var response = await app.CreateClient().GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"nb\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
        Assert.Contains($"<title>{Encode("webchat.page.title")}</title>", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{Encode("webchat.page.heading")}</h1>", html, StringComparison.Ordinal);
        Assert.All(WebChatPage.Texts.Values, id => Assert.Contains(Encode(id.Value), html, StringComparison.Ordinal));
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
        Assert.Contains("<noscript>", html, StringComparison.Ordinal);
        Assert.Contains("data-locale=\"nb-NO\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"lib/botframework-webchat/4.18.1/webchat.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("://", html, StringComparison.Ordinal); // no CDN: nothing is loaded from elsewhere
        Assert.DoesNotContain(Secret, html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_page_text_is_a_catalog_text_so_the_catalog_rules_cover_it()
    {
        Assert.All(WebChatPage.Texts.Values, id => Assert.True(TextCatalog.Bokmal.Contains(id), $"{id} is missing from the catalog."));
    }

    [Fact]
    public async Task Web_Chat_4_18_1_and_its_license_are_served_by_the_app_unchanged()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = DirectLineTokenTests.App(db);
        var http = app.CreateClient();

        using var script = await http.GetAsync(new Uri("/lib/botframework-webchat/4.18.1/webchat.js", UriKind.Relative));
        var served = await script.Content.ReadAsByteArrayAsync();
        using var license = await http.GetAsync(new Uri("/lib/botframework-webchat/4.18.1/LICENSE.txt", UriKind.Relative));
        using var page = await http.GetAsync(new Uri("/chat/chat.js", UriKind.Relative));
        using var style = await http.GetAsync(new Uri("/chat/chat.css", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        var committed = await File.ReadAllBytesAsync(RepoFile("bot", "Dialogue.Bot", "wwwroot", "lib", "botframework-webchat", "4.18.1", "webchat.js"));
        Assert.Equal(SHA256.HashData(committed), SHA256.HashData(served));
        Assert.Contains("MIT", await license.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        Assert.Contains("renderWebChat", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_token_starts_a_new_conversation_for_a_random_user_and_never_shows_the_secret()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = DirectLineTokenTests.App(db);
        var http = app.CreateClient();

        using var first = await http.PostAsync(new Uri(WebChatPage.TokenPath, UriKind.Relative),
            JsonContent.Create(new JsonObject { ["user"] = new JsonObject { ["id"] = "dl_demo-kari" } }));
        var body = await first.Content.ReadAsStringAsync();
        using var second = await http.PostAsync(new Uri(WebChatPage.TokenPath, UriKind.Relative), null);
        var one = JsonNode.Parse(body)!;
        var two = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("no-store", first.Headers.CacheControl?.ToString());
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        var claims = DirectLineClient.Claims((string)one["token"]!);
        Assert.StartsWith("dl_", (string?)claims["user"], StringComparison.Ordinal);
        Assert.NotEqual("dl_demo-kari", (string?)claims["user"]);
        Assert.Equal((string?)one["conversationId"], (string?)claims["conv"]);
        Assert.NotEqual((string?)one["conversationId"], (string?)two["conversationId"]);

        // The page's token works for its conversation, as its own user whatever the page claims.
        var client = new DirectLineClient(app);
        var token = (string)one["token"]!;
        var (status, started) = await client.StartAsync(token, new JsonObject { ["user"] = new JsonObject { ["id"] = "dl_demo-kari" } });
        await client.WaitForAsync(started.ConversationId!, token, 1);
        await client.SayAsync(started.ConversationId!, token, "hei", from: "dl_demo-kari");
        var all = await client.WaitForAsync(started.ConversationId!, token, 3);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.All(all.Activities.Where(a => a.From?.Role == RoleTypes.User), a => Assert.Equal((string?)claims["user"], a.From?.Id));
        Assert.DoesNotContain(all.Activities, a => a.Text?.Contains("Kari", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_page_token_works_without_a_configured_secret()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = DirectLineTokenTests.App(db, secret: null);

        using var response = await app.CreateClient().PostAsync(new Uri(WebChatPage.TokenPath, UriKind.Relative), null);
        var token = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!;
        var (status, _) = await new DirectLineClient(app).StartAsync(token);

        Assert.Equal(HttpStatusCode.Created, status);
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task Another_site_cannot_get_a_page_token(string header, string value)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = DirectLineTokenTests.App(db);
        using var request = new HttpRequestMessage(HttpMethod.Post, WebChatPage.TokenPath);
        request.Headers.Add(header, value);

        using var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task One_address_gets_only_so_many_page_tokens_a_minute()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db, host: h => h.UseSetting("DirectLine:PageTokensPerMinute", "3"));
        var http = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.PostAsync(new Uri(WebChatPage.TokenPath, UriKind.Relative), null);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    private static string Encode(string id) => HtmlEncoder.Default.Encode(TextCatalog.Bokmal.Render(new TextId(id)));
}
