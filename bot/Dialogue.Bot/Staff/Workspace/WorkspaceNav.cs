using System.Text;
using Dialogue.Language.Catalog;

using static Dialogue.Bot.Staff.StaffHtml;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>The navigation texts shared by every workspace page (<c>Staff/Texts/nb.nav.json</c>).</summary>
[WorkspaceTextIds]
public static class NavTexts
{
    public static readonly TextId Skip = new("nav.skip");
    public static readonly TextId Label = new("nav.label");
    public static readonly TextId Inbox = new("nav.inbox");
    public static readonly TextId Persons = new("nav.persons");
    public static readonly TextId Log = new("nav.log");
    public static readonly TextId Dashboard = new("nav.dashboard");
}

/// <summary>
/// The workspace's shared navigation: a skip link to <c>#main</c> and the main menu inside the page's
/// <c>&lt;header&gt;</c>. The current page is marked <c>aria-current="page"</c> (a page below a menu item, such as one
/// person, marks its item <c>aria-current="true"</c>). Oversikt is listed for team leads only.
/// </summary>
public static class WorkspaceNav
{
    public const string InboxPath = Auth.StaffPaths.Workspace;
    public const string PersonsPath = "/veileder/personer";
    public const string LogPath = "/veileder/logg";
    public const string DashboardPath = "/veileder/oversikt";

    /// <summary>The stylesheet for the header, the menu, escalation history and the dashboard (beside <c>inbox.css</c>).</summary>
    public const string Stylesheet = "/veileder/layout.css";

    /// <summary>The skip link: the first thing in <c>&lt;body&gt;</c>, before the header.</summary>
    public static void SkipLink(StringBuilder html, WorkspaceTexts texts)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(texts);
        html.Append("<a class=\"skip-link\" href=\"#main\">").Append(Encode(texts[NavTexts.Skip])).Append("</a>\n");
    }

    /// <summary>The menu, for inside the header; <paramref name="currentPath"/> is the request's path.</summary>
    public static void Menu(StringBuilder html, WorkspaceTexts texts, string currentPath, bool teamLead)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(texts);
        var path = currentPath.Length > 1 ? currentPath.TrimEnd('/') : currentPath;
        html.Append("<nav class=\"menu\" aria-label=\"").Append(Encode(texts[NavTexts.Label])).Append("\">\n<ul>\n");
        Item(html, texts[NavTexts.Inbox], InboxPath, path, section: false);
        Item(html, texts[NavTexts.Persons], PersonsPath, path, section: true);
        Item(html, texts[NavTexts.Log], LogPath, path, section: true);
        if (teamLead)
        {
            Item(html, texts[NavTexts.Dashboard], DashboardPath, path, section: true);
        }

        html.Append("</ul>\n</nav>\n");
    }

    private static void Item(StringBuilder html, string text, string href, string path, bool section)
    {
        var current = string.Equals(path, href, StringComparison.OrdinalIgnoreCase)
            ? " aria-current=\"page\""
            : section && path.StartsWith(href + "/", StringComparison.OrdinalIgnoreCase) ? " aria-current=\"true\"" : string.Empty;
        html.Append("<li><a href=\"").Append(href).Append('"').Append(current).Append('>').Append(Encode(text)).Append("</a></li>\n");
    }
}
