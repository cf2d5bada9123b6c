using Dialogue.Browser.Tests.Support;
using Xunit.Sdk;

namespace Dialogue.Browser.Tests;

/// <summary>The axe helper itself: it fails on a page with known WCAG violations and says what, where and how to fix it.</summary>
public sealed class AxeHelperTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
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
}
