using Dialogue.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Sdk;
using static Dialogue.Browser.Tests.Support.Workspace;
using static Microsoft.Playwright.Assertions;
using Dialogue.Bot.Staff.Workspace;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;

namespace Dialogue.Browser.Tests;

/// <summary>
/// axe-core (WCAG 2.0/2.1 A and AA) finds nothing on the pages people and staff use, each in the state that shows the
/// most: the public chat page once Web Chat has rendered the bot's greeting, the sign-in page (also with its error),
/// the inbox with an escalation (and its "Løs" form open), the conversation page during a takeover, the person list and
/// page (with its timeline), the log review (also with an error, and a transcript) and the team lead's dashboard.
/// One app for the class; each test signs in on its own.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture browser, AccessibilityTests.AppFixture host)
    : IClassFixture<BrowserFixture>, IClassFixture<AccessibilityTests.AppFixture>
{
    private const string BotBubble = ".webchat__bubble:not(.webchat__bubble--from-user)";

    private const string BadPage = """
<!doctype html>
<html>
<head><title>Bad</title></head>
<body>
<main>
<h1>Bad</h1>
<p style="color:#aaaaaa;background:#ffffff">Grey on white</p>
<form><input id="x" type="text"></form>
</main>
</body>
</html>
""";

    [BrowserFact]
    public Task The_public_chat_page_has_no_violations_once_web_chat_has_rendered() =>
        browser.RunAsync(nameof(The_public_chat_page_has_no_violations_once_web_chat_has_rendered), async page =>
        {
            await page.GotoAsync(host.App.BaseUrl + "/");
            await page.Locator(BotBubble).First.WaitForAsync(new() { Timeout = 30_000 });
            await Expect(page.Locator("#chat-status")).ToBeHiddenAsync();
            await Expect(page.Locator("#chat-error")).ToBeHiddenAsync();

            await Axe.AssertNoViolationsAsync(page, "chat page");
        });

    [BrowserFact]
    public Task The_sign_in_page_has_no_violations_empty_or_after_a_wrong_password() =>
        browser.RunAsync(nameof(The_sign_in_page_has_no_violations_empty_or_after_a_wrong_password), async page =>
        {
            await page.GotoAsync(host.App.BaseUrl + "/veileder/login");
            await Axe.AssertNoViolationsAsync(page, "sign-in page");

            await page.GetByLabel(Texts[T.LoginIdent]).FillAsync(Marte);
            await page.GetByLabel(Texts[T.LoginPassword]).FillAsync("wrong-password");
            await page.GetByRole(AriaRole.Button, new() { Name = Texts[T.LoginSubmit] }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(Texts[T.LoginError]);
            await Axe.AssertNoViolationsAsync(page, "sign-in page with an error");
        });

    [BrowserFact]
    public Task The_inbox_with_an_escalation_has_no_violations() =>
        browser.RunAsync(nameof(The_inbox_with_an_escalation_has_no_violations), async page =>
        {
            await SignInAsync(page, host.App.BaseUrl);
            await host.App.SendSmsAsync(KariPhone, "har tatt alle pillene mine");
            var item = Case(page, KariName);
            await Expect(item).ToBeVisibleAsync();
            await item.Locator("summary", new() { HasText = Texts[T.ActionResolve] }).ClickAsync();
            await Expect(item.GetByLabel(Texts[T.ResolveNote])).ToBeVisibleAsync();

            await Axe.AssertNoViolationsAsync(page, "inbox");
        });

    [BrowserFact]
    public Task The_conversation_page_during_a_takeover_has_no_violations() =>
        browser.RunAsync(nameof(The_conversation_page_during_a_takeover_has_no_violations), async page =>
        {
            await SignInAsync(page, host.App.BaseUrl);
            await host.App.SendSmsAsync(OlaPhone, "har sprukket igjen. orker ikke mer");
            await Button(Case(page, OlaName), T.ActionTakeover).ClickAsync();
            await page.GetByLabel(Texts.Render(T.ConversationWrite, "name", OlaName)).FillAsync("Hei Ola. Jeg ringer deg snart.");
            await page.GetByRole(AriaRole.Button, new() { Name = Texts[T.ConversationSend], Exact = true }).ClickAsync();
            await Expect(Result(page)).ToHaveTextAsync(Texts[T.ResultSent]);
            await Expect(page.Locator("#transcript li.from-veileder")).Not.ToHaveCountAsync(0);

            await Axe.AssertNoViolationsAsync(page, "conversation page");
        });

    [BrowserFact]
    public Task The_person_list_and_the_person_page_with_its_timeline_have_no_violations() =>
        browser.RunAsync(nameof(The_person_list_and_the_person_page_with_its_timeline_have_no_violations), async page =>
        {
            await SignInAsync(page, host.App.BaseUrl);
            await page.GotoAsync(host.App.BaseUrl + "/veileder/personer");
            await Axe.AssertNoViolationsAsync(page, "person list");

            await page.GetByRole(AriaRole.Link, new() { Name = KariName, Exact = true }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync(KariName);
            await Expect(page.Locator("#timeline-heading")).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page, "person page");
        });

    [BrowserFact]
    public Task The_log_review_its_error_summary_and_a_transcript_have_no_violations() =>
        browser.RunAsync(nameof(The_log_review_its_error_summary_and_a_transcript_have_no_violations), async page =>
        {
            await SignInAsync(page, host.App.BaseUrl);
            await page.GotoAsync(host.App.BaseUrl + "/veileder/logg");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = Texts.Render(LogTexts.Read, "name", KariName) }).First).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page, "log review");

            await page.GotoAsync(host.App.BaseUrl + "/veileder/logg?fra=32.13.2026");
            await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page, "log review with an error");

            await page.GotoAsync(host.App.BaseUrl + "/veileder/logg");
            await page.GetByRole(AriaRole.Link, new() { Name = Texts.Render(LogTexts.Read, "name", KariName) }).First.ClickAsync();
            await Expect(page.Locator("ol.transcript li").First).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page, "transcript");
        });

    [BrowserFact]
    public Task The_dashboard_has_no_violations() =>
        browser.RunAsync(nameof(The_dashboard_has_no_violations), async page =>
        {
            await SignInAsync(page, host.App.BaseUrl, "Z990010");
            await page.GotoAsync(host.App.BaseUrl + "/veileder/oversikt");
            await Expect(page.Locator("svg[role=img]").First).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page, "dashboard");
        });

    /// <summary>The helper itself: it fails on a page with known WCAG violations and says what, where and how to fix it.</summary>
    [BrowserFact]
    public Task A_page_without_lang_with_poor_contrast_and_an_unlabelled_field_fails_with_a_readable_report() =>
        browser.RunAsync(nameof(A_page_without_lang_with_poor_contrast_and_an_unlabelled_field_fails_with_a_readable_report), async page =>
        {
            await page.SetContentAsync(BadPage);

            var failure = await Assert.ThrowsAsync<FailException>(() => Axe.AssertNoViolationsAsync(page, "bad page"));

            foreach (var rule in new[] { "html-has-lang", "color-contrast", "label" })
            {
                Assert.Contains($"- {rule} [", failure.Message, StringComparison.Ordinal);
            }

            Assert.Contains("https://dequeuniversity.com/rules/axe/4.", failure.Message, StringComparison.Ordinal);
            Assert.Contains("#x", failure.Message, StringComparison.Ordinal);
            Assert.Contains("on 'bad page'", failure.Message, StringComparison.Ordinal);
        });

    /// <summary>One host for the class, started on first use (so a skipped class starts nothing).</summary>
    public sealed class AppFixture : IAsyncLifetime
    {
        private readonly Lazy<BrowserApp> _app = new(() => new BrowserApp());

        public BrowserApp App => _app.Value;

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (_app.IsValueCreated)
            {
                await _app.Value.DisposeAsync();
            }
        }
    }
}
