using System.Text.RegularExpressions;
using Dialogue.Bot.Staff.Workspace;
using Dialogue.Language.Catalog;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;

namespace Dialogue.Browser.Tests.Support;

/// <summary>The staff workspace as a person uses it in the browser: by labels and button texts from the staff catalog.</summary>
public static class Workspace
{
    public const string Marte = "Z990001";
    public const string DemoPassword = "dialogue-demo";
    public const string KariName = "Kari Nordmann";
    public const string KariPhone = "+4799990001";
    public const string OlaName = "Ola Hansen";
    public const string OlaPhone = "+4799990002";

    public static WorkspaceTexts Texts => WorkspaceTexts.Bokmal;

    /// <summary>
    /// Opens the inbox, is sent to the sign-in page, signs in with the form, and lands on the inbox again; returns once
    /// the page's live connection (<c>/veileder/api/events</c>) is open, so no event after this can be missed.
    /// </summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string ident = Marte)
    {
        await page.GotoAsync(baseUrl + "/veileder");
        await Expect(page).ToHaveURLAsync(new Regex("/veileder/login\\?redirect=%2Fveileder$"));
        await page.GetByLabel(Texts[T.LoginIdent]).FillAsync(ident);
        await page.GetByLabel(Texts[T.LoginPassword]).FillAsync(DemoPassword);
        var events = page.WaitForResponseAsync(r => r.Url.EndsWith("/veileder/api/events", StringComparison.Ordinal) && r.Status == 200);
        await page.GetByRole(AriaRole.Button, new() { Name = Texts[T.LoginSubmit] }).ClickAsync();
        await Expect(page).ToHaveURLAsync(baseUrl + "/veileder");
        await events;
    }

    /// <summary>The inbox item (an escalation or a contact request) for <paramref name="personName"/>.</summary>
    public static ILocator Case(IPage page, string personName) =>
        page.Locator("#inbox-lists li.case").Filter(new() { Has = page.Locator("h3 .who", new() { HasTextString = personName }) });

    public static ILocator Button(ILocator scope, TextId text) =>
        scope.GetByRole(AriaRole.Button, new() { Name = Texts[text], Exact = true });

    /// <summary>The status line after a form was sent (role="status" / role="alert").</summary>
    public static ILocator Result(IPage page) => page.Locator("main p.result");
}
