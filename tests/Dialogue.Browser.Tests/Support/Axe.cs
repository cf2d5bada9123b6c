using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Dialogue.Browser.Tests.Support;

/// <summary>
/// axe-core (4.14, Deque.AxeCore.Playwright) on the page as it is now, against WCAG 2.0/2.1 level A and AA. A page with
/// any violation fails the test with a readable list (rule, impact, what it means, help URL, and every element with
/// axe's note on how to fix it), and a screenshot goes to the artifacts folder. Add a page in one line:
/// <c>await Axe.AssertNoViolationsAsync(page, "person page");</c>
/// </summary>
public static class Axe
{
    public static readonly IReadOnlyList<string> Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    public static async Task AssertNoViolationsAsync(IPage page, string name)
    {
        var violations = await ViolationsAsync(page, name);
        if (violations.Count == 0)
        {
            return;
        }

        await BrowserFixture.ScreenshotAsync(page, $"axe-{name}");
        Assert.Fail(Describe(name, page.Url, violations));
    }

    /// <summary>What axe-core finds on the page (WCAG 2.0/2.1 A and AA, or the given tags); fails if axe checked nothing.</summary>
    public static async Task<IReadOnlyList<AxeResultItem>> ViolationsAsync(IPage page, string name, IReadOnlyList<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var options = new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. tags ?? Tags] } };
        var result = await page.RunAxe(options);
        Assert.True(result.Passes.Length > 0, $"axe-core checked nothing on '{name}' ({page.Url}).");
        return result.Violations;
    }

    public static string Describe(string name, string url, IEnumerable<AxeResultItem> violations)
    {
        var text = new StringBuilder();
        var list = violations.ToList();
        text.Append("axe-core found ").Append(list.Count).Append(" violation(s) on '").Append(name).Append("' (").Append(url).Append("):\n");
        foreach (var v in list)
        {
            text.Append("\n- ").Append(v.Id).Append(" [").Append(v.Impact ?? "?").Append("] ").Append(v.Help).Append('\n')
                .Append("  ").Append(v.HelpUrl).Append('\n');
            foreach (var node in v.Nodes)
            {
                text.Append("  * ").Append(node.Target).Append('\n')
                    .Append("    ").Append(Shorten(node.Html)).Append('\n');
                // axe's checks: "any" needs one to pass, "all" and "none" need every one to pass.
                foreach (var check in (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []))
                {
                    text.Append("    ").Append(check.Message).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    private static string Shorten(string? html) => html is null ? string.Empty : html.Length <= 200 ? html : html[..200] + "…";
}
