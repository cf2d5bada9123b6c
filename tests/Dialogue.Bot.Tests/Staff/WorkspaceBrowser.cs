using System.Net;
using System.Text.RegularExpressions;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Support;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>The staff workspace in a browser's shoes: sign in through the login form, get pages, post forms with the page's antiforgery token.</summary>
internal static partial class WorkspaceBrowser
{
    /// <summary>A browser signed in through the login form: it keeps the cookies and does not follow redirects.</summary>
    public static async Task<HttpClient> SignInAsync(DialogueApp app, string ident)
    {
        var browser = app.Browser();
        using var login = new FormUrlEncodedContent([new("ident", ident), new("password", StaffApiClient.DemoPassword), new("redirect", "/veileder")]);
        using var response = await browser.PostAsync(new Uri("/veileder/login", UriKind.Relative), login);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return browser;
    }

    public static async Task<StaffTestHost.Response> GetAsync(HttpClient browser, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await StaffTestHost.SendAsync(browser, request);
    }

    /// <summary>Posts a form as the page would, with <paramref name="token"/> as its antiforgery field (none when null).</summary>
    public static async Task<StaffTestHost.Response> PostAsync(HttpClient browser, string path, string? token, params (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            form.Add(new("__RequestVerificationToken", token));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        return await StaffTestHost.SendAsync(browser, request);
    }

    /// <summary>The antiforgery token of a page's forms.</summary>
    public static string Token(string html) => WebUtility.HtmlDecode(TokenField().Match(html) is { Success: true } m
        ? m.Groups[1].Value
        : throw new Xunit.Sdk.XunitException("The page has no antiforgery token."));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
