using System.Text;
using Dialogue.Cases.Health;
using Dialogue.Language.Catalog;

using static Dialogue.Bot.Staff.StaffHtml;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>The banner texts (<c>Staff/Texts/nb.status.json</c>).</summary>
[WorkspaceTextIds]
public static class StatusTexts
{
    public static readonly TextId Sms = new("status.sms");
    public static readonly TextId BotFramework = new("status.botframework");
    public static readonly TextId Sentiment = new("status.sentiment");
    public static readonly TextId Database = new("status.database");
    public static readonly TextId Since = new("status.since");
}

/// <summary>
/// The banner under every workspace page's header while a dependency does not work (<see cref="DependencyStatus"/>):
/// one plain sentence per problem and since when. SMS, chat and storage problems are <c>role="alert"</c> (replies are
/// not reaching people); the sentiment check is <c>role="status"</c> (nothing waits on it). Gone once it works again.
/// </summary>
public static class StatusBanner
{
    public static void Render(StringBuilder html, PageContext page)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(page);
        foreach (var problem in page.Problems)
        {
            var (text, urgent) = problem.Dependency switch
            {
                Dependency.Sms => (StatusTexts.Sms, true),
                Dependency.BotFramework => (StatusTexts.BotFramework, true),
                Dependency.Database => (StatusTexts.Database, true),
                _ => (StatusTexts.Sentiment, false),
            };
            html.Append("<div class=\"status-banner").Append(urgent ? " urgent" : string.Empty).Append("\" role=\"")
                .Append(urgent ? "alert" : "status").Append("\" data-dependency=\"").Append(DependencyMonitor.NameOf(problem.Dependency)).Append("\">")
                .Append("<p>").Append(Encode(page.Texts[text])).Append(' ')
                .Append(Encode(page.Texts.Render(StatusTexts.Since, "time", WorkspacePages.When(page, problem.Since)))).Append("</p></div>\n");
        }
    }
}
