using Dialogue.Bot.Staff.Workspace;
using System.Text.RegularExpressions;
using Dialogue.Browser.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Safety.Escalation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Dialogue.Browser.Tests.Support.Workspace;
using static Microsoft.Playwright.Assertions;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;

namespace Dialogue.Browser.Tests;

/// <summary>
/// A veileder's day in a real browser: Marte signs in, Kari's distress SMS (a signed Twilio webhook) shows up in the
/// open inbox without a reload, Marte acknowledges, takes over, writes to Kari (the SMS goes out through Twilio), sees
/// Kari's answer arrive live, hands back to the bot, resolves with a note, and the case leaves the list; then she
/// searches the log for the conversation and reads it (the read is audited).
/// </summary>
public sealed class WorkspaceScenarioTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Distress = "har sprukket igjen. orker ikke mer";
    private const string Reply = "Hei Kari. Jeg ringer deg om ti minutter.";
    private const string Note = "Ringte Kari. Hun har time hos fastlegen i dag.";

    [BrowserFact]
    public async Task Marte_sees_Karis_escalation_live_takes_over_replies_hands_back_and_resolves()
    {
        await using var app = new BrowserApp();
        await browser.RunAsync(nameof(Marte_sees_Karis_escalation_live_takes_over_replies_hands_back_and_resolves), async page =>
        {
            await SignInAsync(page, app.BaseUrl);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Texts.Render(T.Heading, "office", "0219"));
            await Expect(page.GetByText(Texts[T.EscalationsEmpty])).ToBeVisibleAsync();
            await Expect(Case(page, KariName)).ToHaveCountAsync(0);

            // Kari texts; the open inbox gets the escalation through its live connection, not by reloading.
            await page.EvaluateAsync("() => { window.stillTheSamePage = true; }");
            await app.SendSmsAsync(KariPhone, Distress);
            var item = Case(page, KariName);
            await Expect(item).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "The inbox was reloaded; it should update in place.");
            await Expect(item).ToHaveAttributeAsync("data-level", "high");
            await Expect(item.Locator("blockquote mark").First).ToBeVisibleAsync();
            await Expect(page.Locator("#live")).ToHaveTextAsync(Texts[T.LiveNewUrgent]);
            await app.WaitForSmsAsync(KariPhone, _ => true);

            // Kvitter.
            await Button(item, T.ActionAcknowledge).ClickAsync();
            await Expect(Result(page)).ToHaveTextAsync(Texts[T.ResultAcknowledged]);
            await Expect(Case(page, KariName)).ToContainTextAsync(Texts.Render(T.Status, "status", Texts[T.StatusAcknowledged]));
            await Expect(Button(Case(page, KariName), T.ActionAcknowledge)).ToHaveCountAsync(0);

            // Ta over samtalen: the conversation page, and Kari is told a person has taken over.
            var before = app.SmsTo(KariPhone).Count;
            await Button(Case(page, KariName), T.ActionTakeover).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/veileder/samtaler/[0-9a-f-]{36}$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Texts.Render(T.ConversationTitle, "name", KariName));
            await Expect(page.Locator("#transcript li.from-person").First).ToContainTextAsync(Distress);
            await app.WaitForSmsAsync(KariPhone, _ => app.SmsTo(KariPhone).Count > before);

            // Marte writes; it reaches Kari as SMS through Twilio, signed with her first name.
            await page.GetByLabel(Texts.Render(T.ConversationWrite, "name", KariName)).FillAsync(Reply);
            await page.GetByRole(AriaRole.Button, new() { Name = Texts[T.ConversationSend], Exact = true }).ClickAsync();
            await Expect(Result(page)).ToHaveTextAsync(Texts[T.ResultSent]);
            await Expect(page.Locator("#transcript li.from-veileder").Last).ToContainTextAsync(Reply);
            var sms = await app.WaitForSmsAsync(KariPhone, body => body.Contains(Reply, StringComparison.Ordinal));
            Assert.StartsWith("Marte", sms, StringComparison.Ordinal);

            // Kari answers; the open conversation shows it without a reload and announces it.
            await page.EvaluateAsync("() => { window.stillTheSamePage = true; }");
            await app.SendSmsAsync(KariPhone, "ok takk");
            await Expect(page.Locator("#transcript li.from-person").Last).ToContainTextAsync("ok takk");
            Assert.True(await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "The conversation was reloaded; it should update in place.");
            await Expect(page.Locator("#live")).ToHaveTextAsync(Texts[T.LiveNewMessage]);

            // Gi tilbake til chatboten: the page can no longer write.
            await page.GetByRole(AriaRole.Button, new() { Name = Texts[T.ConversationHandBack], Exact = true }).ClickAsync();
            await Expect(Result(page)).ToHaveTextAsync(Texts[T.ResultHandedBack]);
            await Expect(page.Locator("textarea")).ToHaveCountAsync(0);
            Assert.NotNull(await app.WithDbAsync(d => d.Handoffs.Select(h => h.EndedAt).SingleAsync()));

            // Back in the inbox: resolve with a note, and the case leaves the list.
            await page.GetByRole(AriaRole.Link, new() { Name = Texts[T.Back] }).ClickAsync();
            item = Case(page, KariName);
            await item.Locator("summary", new() { HasText = Texts[T.ActionResolve] }).ClickAsync();
            await item.GetByLabel(Texts[T.ResolveNote]).FillAsync(Note);
            await Button(item, T.ActionResolveSubmit).ClickAsync();
            await Expect(Result(page)).ToHaveTextAsync(Texts[T.ResultResolved]);
            await Expect(Case(page, KariName)).ToHaveCountAsync(0);
            await Expect(page.GetByText(Texts[T.EscalationsEmpty])).ToBeVisibleAsync();

            var escalation = await app.WithDbAsync(d => d.Escalations.SingleAsync());
            Assert.Equal(EscalationStatus.Resolved, escalation.Status);
            Assert.Equal(Note, escalation.ResolutionNote);

            // The log: search for high-risk conversations with a word Kari wrote, open the one found, and read both sides.
            await page.GetByRole(AriaRole.Link, new() { Name = Texts[NavTexts.Log] }).ClickAsync();
            await page.GetByLabel(Texts[LogTexts.Risk]).SelectOptionAsync("high");
            await page.GetByLabel(Texts[LogTexts.Text]).FillAsync("sprukket");
            await page.GetByRole(AriaRole.Button, new() { Name = Texts[LogTexts.Search], Exact = true }).ClickAsync();
            var read = page.GetByRole(AriaRole.Link, new() { Name = Texts.Render(LogTexts.Read, "name", KariName) });
            await Expect(read).ToHaveCountAsync(1);
            await read.ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync(Texts.Render(LogTexts.TranscriptTitle, "name", KariName));
            await Expect(page.Locator("ol.transcript li.from-person mark").First).ToBeVisibleAsync();
            await Expect(page.Locator("ol.transcript li.from-veileder").Last).ToContainTextAsync(Reply);
            Assert.Equal(1, await app.WithDbAsync(d => d.AccessAudit.CountAsync(a => a.Action == "transcript.read" && a.Path.StartsWith("/veileder/logg/"))));
        });
    }
}
