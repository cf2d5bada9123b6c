using System.Net.Http.Json;
using System.Text.Json;
using Dialogue.Bot.Staff.Workspace;
using Dialogue.Browser.Tests.Support;
using Microsoft.Playwright;
using static Dialogue.Browser.Tests.Support.Workspace;
using static Microsoft.Playwright.Assertions;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;

namespace Dialogue.Browser.Tests;

/// <summary>
/// Markup in a transcript — a person's SMS, a person's Bot Framework message, a veileder's reply — is shown as text on
/// every staff page that shows it (inbox, conversation, person timeline, log search, transcript, print), in a real
/// browser: no dialog opens, no script runs, no injected element exists (and the fixture fails on any console error,
/// which a CSP-blocked script would raise). The JSON exports keep the text intact, as attachments with a JSON type and
/// nosniff.
/// </summary>
public sealed class XssTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string KariId = "de300000-0000-4000-8000-004799990001";
    private const string SmsPayload = "har tatt alle pillene mine <script>window.__xss=1</script><img id=\"xss-img\" src=x onerror=\"window.__xss=2\">";
    private const string ChatPayload = "\"><svg id=\"xss-svg\" onload=\"window.__xss=3\"><iframe id=\"xss-frame\" src=\"javascript:window.__xss=5\"></iframe>";
    private const string VeilederPayload = "Hei <b id=\"xss-b\">Kari</b><script>window.__xss=4</script>";

    [BrowserFact]
    public Task Markup_in_messages_is_text_on_every_staff_page_and_intact_in_the_exports() =>
        browser.RunAsync(nameof(Markup_in_messages_is_text_on_every_staff_page_and_intact_in_the_exports), async page =>
        {
            await using var app = new BrowserApp();
            var dialogs = new List<string>();
            page.Dialog += async (_, dialog) =>
            {
                dialogs.Add(dialog.Message);
                await dialog.DismissAsync();
            };

            await SignInAsync(page, app.BaseUrl);
            await app.SendSmsAsync(KariPhone, SmsPayload);
            using (var http = new HttpClient())
            {
                using var sent = await http.PostAsJsonAsync(app.BaseUrl + "/api/messages", new
                {
                    type = "message", id = "xss-1", channelId = "test", deliveryMode = "expectReplies", serviceUrl = "http://127.0.0.1:1",
                    from = new { id = "demo-kari" }, recipient = new { id = "bot" }, conversation = new { id = "xss-chat" }, text = ChatPayload, locale = "nb-NO",
                });
                Assert.True(sent.IsSuccessStatusCode, $"/api/messages answered {(int)sent.StatusCode}");
            }

            // The inbox shows the escalation with the message.
            var item = Case(page, KariName);
            await Expect(item).ToBeVisibleAsync();
            await AssertTextOnlyAsync(page, "inbox", SmsPayload);

            // The conversation page, with the veileder's reply.
            await Button(item, T.ActionTakeover).ClickAsync();
            await page.GetByLabel(Texts.Render(T.ConversationWrite, "name", KariName)).FillAsync(VeilederPayload);
            await page.GetByRole(AriaRole.Button, new() { Name = Texts[T.ConversationSend], Exact = true }).ClickAsync();
            await Expect(Result(page)).ToHaveTextAsync(Texts[T.ResultSent]);
            await page.ReloadAsync();
            await AssertTextOnlyAsync(page, "conversation", SmsPayload, VeilederPayload);

            await page.GotoAsync($"{app.BaseUrl}/veileder/personer/{KariId}");
            await AssertTextOnlyAsync(page, "person page timeline", SmsPayload, ChatPayload, VeilederPayload);

            await page.GotoAsync(app.BaseUrl + "/veileder/logg?q=" + Uri.EscapeDataString("<script>"));
            await AssertTextOnlyAsync(page, "log search");
            await page.GotoAsync(app.BaseUrl + "/veileder/logg");
            var transcripts = await page.GetByRole(AriaRole.Link, new() { Name = Texts.Render(LogTexts.Read, "name", KariName) }).EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
            Assert.NotEmpty(transcripts);
            var seen = new List<string>();
            foreach (var transcript in transcripts)
            {
                await page.GotoAsync(transcript);
                await AssertNoInjectionAsync(page, "transcript " + transcript);
                seen.Add(await page.Locator("main").InnerTextAsync());
                await page.GotoAsync(transcript + "/utskrift");
                await AssertNoInjectionAsync(page, "print " + transcript);
                seen.Add(await page.Locator("main").InnerTextAsync());

                var export = await page.APIRequest.GetAsync(transcript + "/eksport.json");
                AssertJsonExport(export, "transcript export");
                seen.Add(JsonDocument.Parse(await export.TextAsync()).RootElement.GetRawText());
            }

            var all = string.Join('\n', seen);
            foreach (var payload in new[] { SmsPayload, ChatPayload, VeilederPayload })
            {
                Assert.True(all.Contains(payload, StringComparison.Ordinal) || all.Contains(JsonEncodedText.Encode(payload).Value, StringComparison.Ordinal),
                    $"the transcripts do not show '{payload}' as text");
            }

            var person = await page.APIRequest.GetAsync($"{app.BaseUrl}/veileder/personer/{KariId}/eksport.json");
            AssertJsonExport(person, "person export");
            var personJson = JsonDocument.Parse(await person.TextAsync()).RootElement.GetRawText();
            Assert.Contains(JsonEncodedText.Encode(SmsPayload).Value, personJson, StringComparison.Ordinal);

            Assert.Empty(dialogs);
        });

    private static async Task AssertTextOnlyAsync(IPage page, string name, params string[] payloads)
    {
        await AssertNoInjectionAsync(page, name);
        var text = await page.Locator("main").InnerTextAsync();
        foreach (var payload in payloads)
        {
            Assert.True(text.Contains(payload, StringComparison.Ordinal), $"{name}: '{payload}' is not shown as text");
        }
    }

    private static async Task AssertNoInjectionAsync(IPage page, string name)
    {
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));
        Assert.Equal(0, await page.Locator("#xss-img, #xss-svg, #xss-b, #xss-frame, main script").CountAsync());
        _ = name;
    }

    private static void AssertJsonExport(IAPIResponse response, string name)
    {
        Assert.True(response.Ok, $"{name}: {response.Status}");
        Assert.StartsWith("application/json", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers["x-content-type-options"]);
        Assert.StartsWith("attachment", response.Headers["content-disposition"], StringComparison.Ordinal);
    }
}
