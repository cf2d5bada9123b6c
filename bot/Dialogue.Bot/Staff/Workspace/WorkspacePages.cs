using System.Globalization;
using System.Text;
using Dialogue.Cases.Safety;
using Dialogue.Language.Catalog;
using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;

using static Dialogue.Bot.Staff.StaffHtml;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>What a page needs besides its data: who is signed in, the form token, the clock, and the texts.</summary>
public sealed record PageContext(
    WorkspaceTexts Texts, string DisplayName, string Ident, string Office, string FormField, string FormToken, DateTimeOffset Now, bool CanSignOut)
{
    /// <summary>The request's path, so the menu can mark the current page.</summary>
    public string Path { get; init; } = Auth.StaffPaths.Workspace;

    /// <summary>A team lead: the menu shows Oversikt.</summary>
    public bool TeamLead { get; init; }

    /// <summary>Dependencies that do not work right now, shown in a banner under the header.</summary>
    public IReadOnlyList<Dialogue.Cases.Health.DependencyProblem> Problems { get; init; } = [];
}

/// <summary>
/// The inbox's three lists: escalations (most urgent first), henvendelser (due first), contact requests; and each
/// escalation's history (oldest first), shown collapsed in its card (none when null).
/// </summary>
public sealed record InboxLists(
    IReadOnlyList<EscalationSummary> Escalations, IReadOnlyList<EnquirySummary> Enquiries, IReadOnlyList<ContactRequestSummary> Contacts,
    IReadOnlyDictionary<Guid, IReadOnlyList<EscalationEvent>>? Histories = null);

/// <summary>
/// The staff workspace's HTML, rendered on the server: the inbox (escalations and contact requests) and a taken-over
/// conversation. Every value from the database or a person is HTML-encoded; the only script is
/// <c>/veileder/inbox.js</c> (no inline script or style, so a strict CSP holds). Works without JavaScript: plain
/// forms, and "Oppdater" reloads.
/// </summary>
public static partial class WorkspacePages
{
    public const string Script = "/veileder/inbox.js";
    public const string Stylesheet = "/veileder/inbox.css";

    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>The inbox page: heading, result of the last action, the live region, and the lists.</summary>
    public static string Inbox(PageContext page, InboxLists lists, TextId? result, bool error)
    {
        ArgumentNullException.ThrowIfNull(page);
        var t = page.Texts;
        var body = new StringBuilder();
        Header(body, page);
        body.Append("<main id=\"main\">\n")
            .Append("<h1>").Append(Encode(t.Render(T.Heading, "office", page.Office))).Append("</h1>\n");
        Result(body, t, result, error);
        body.Append("<p class=\"reload\"><a href=\"").Append(WorkspaceEndpoints.InboxPath).Append("\">").Append(Encode(t[T.Reload])).Append("</a></p>\n")
            .Append("<noscript><p class=\"note\">").Append(Encode(t[T.LiveOff])).Append("</p></noscript>\n")
            .Append("<div id=\"live\" class=\"visually-hidden\" aria-live=\"polite\" data-new-urgent=\"").Append(Encode(t[T.LiveNewUrgent]))
            .Append("\"></div>\n")
            .Append("<div id=\"inbox-lists\" data-fragment=\"").Append(WorkspaceEndpoints.InboxFragmentPath).Append("\">\n")
            .Append(InboxLists(page, lists))
            .Append("</div>\n</main>\n");
        return Document(t[T.Title], body.ToString());
    }

    /// <summary>The lists, the part the script fetches again when something changes.</summary>
    public static string InboxLists(PageContext page, InboxLists lists)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(lists);
        var (escalations, enquiries, contacts, histories) = lists;
        var t = page.Texts;
        var html = new StringBuilder();
        html.Append("<section aria-labelledby=\"escalations-heading\">\n<h2 id=\"escalations-heading\">")
            .Append(Encode(t[T.EscalationsHeading])).Append(" (").Append(escalations.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>\n");
        if (escalations.Count == 0)
        {
            html.Append("<p>").Append(Encode(t[T.EscalationsEmpty])).Append("</p>\n");
        }
        else
        {
            html.Append("<ul class=\"cases\">\n");
            foreach (var escalation in escalations)
            {
                EscalationItem(html, page, escalation, histories?.GetValueOrDefault(escalation.Id));
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n");
        EnquiryList(html, page, enquiries);
        html.Append("<section aria-labelledby=\"contacts-heading\">\n<h2 id=\"contacts-heading\">")
            .Append(Encode(t[T.ContactsHeading])).Append(" (").Append(contacts.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>\n");
        if (contacts.Count == 0)
        {
            html.Append("<p>").Append(Encode(t[T.ContactsEmpty])).Append("</p>\n");
        }
        else
        {
            html.Append("<ul class=\"cases\">\n");
            foreach (var contact in contacts)
            {
                ContactItem(html, page, contact);
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n");
        return html.ToString();
    }

    /// <summary>A taken-over conversation: the transcript, a form to write, and "give back to the bot".</summary>
    public static string Conversation(
        PageContext page, HandoffDetails handoff, string personName, TextId? result, bool error, IReadOnlyList<EscalationEvent>? history = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(handoff);
        var t = page.Texts;
        var id = handoff.Id.ToString("D");
        var title = t.Render(T.ConversationTitle, "name", personName);
        var body = new StringBuilder();
        Header(body, page);
        body.Append("<main id=\"main\">\n")
            .Append("<p><a href=\"").Append(WorkspaceEndpoints.InboxPath).Append("\">").Append(Encode(t[T.Back])).Append("</a></p>\n")
            .Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        Result(body, t, result, error);
        body.Append("<noscript><p class=\"note\">").Append(Encode(t[T.LiveOff])).Append("</p></noscript>\n")
            .Append("<div id=\"live\" class=\"visually-hidden\" aria-live=\"polite\" data-new-message=\"").Append(Encode(t[T.LiveNewMessage]))
            .Append("\"></div>\n")
            .Append("<section aria-labelledby=\"messages-heading\">\n<h2 id=\"messages-heading\">").Append(Encode(t[T.ConversationMessages])).Append("</h2>\n")
            .Append("<div id=\"transcript\" data-fragment=\"").Append(WorkspaceEndpoints.ConversationPath(handoff.Id)).Append("/fragment\">\n")
            .Append(Transcript(page, handoff, personName))
            .Append("</div>\n</section>\n");
        if (handoff.EndedAt is null)
        {
            body.Append("<form method=\"post\" class=\"write\" action=\"").Append(WorkspaceEndpoints.ConversationPath(handoff.Id)).Append("/messages\">\n");
            Token(body, page);
            body.Append("<label for=\"text-").Append(id).Append("\">").Append(Encode(t.Render(T.ConversationWrite, "name", personName))).Append("</label>\n")
                .Append("<textarea id=\"text-").Append(id).Append("\" name=\"text\" rows=\"4\" maxlength=\"").Append(StaffDesk.MaxMessageLength.ToString(CultureInfo.InvariantCulture))
                .Append("\" required></textarea>\n")
                .Append("<button type=\"submit\">").Append(Encode(t[T.ConversationSend])).Append("</button>\n</form>\n")
                .Append("<form method=\"post\" action=\"").Append(WorkspaceEndpoints.ConversationPath(handoff.Id)).Append("/end\">\n");
            Token(body, page);
            body.Append("<button type=\"submit\" class=\"secondary\">").Append(Encode(t[T.ConversationHandBack])).Append("</button>\n</form>\n");
        }
        else
        {
            body.Append("<p class=\"note\">").Append(Encode(t[T.ConversationEnded])).Append("</p>\n");
        }

        if (history is not null)
        {
            EscalationHistoryHtml.Section(body, page, history);
        }

        body.Append("</main>\n");
        return Document(title, body.ToString());
    }

    /// <summary>The transcript as a list, oldest first: who, when, what.</summary>
    public static string Transcript(PageContext page, HandoffDetails handoff, string personName)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(handoff);
        var t = page.Texts;
        if (handoff.Transcript.Count == 0)
        {
            return $"<p>{Encode(t[T.ConversationEmpty])}</p>\n";
        }

        var html = new StringBuilder("<ol class=\"transcript\">\n");
        foreach (var line in handoff.Transcript)
        {
            var (who, css) = line.From switch
            {
                "person" => (personName, "from-person"),
                "veileder" => (t[T.ConversationFromVeileder], "from-veileder"),
                _ => (t[T.ConversationFromBot], "from-bot"),
            };
            html.Append("<li class=\"").Append(css).Append("\"><p class=\"who\"><strong>").Append(Encode(who)).Append("</strong> ")
                .Append(TimeElement(page, line.At, When(page, line.At))).Append("</p><p class=\"text\">").Append(Encode(line.Text)).Append("</p></li>\n");
        }

        return html.Append("</ol>\n").ToString();
    }

    /// <summary>A short page for "not found" (another office's things, or nothing) and "form refused".</summary>
    public static string Problem(WorkspaceTexts texts, TextId title, TextId text)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var body = new StringBuilder("<main id=\"main\">\n")
            .Append("<h1>").Append(Encode(texts[title])).Append("</h1>\n")
            .Append("<p>").Append(Encode(texts[text])).Append("</p>\n")
            .Append("<p><a href=\"").Append(WorkspaceEndpoints.InboxPath).Append("\">").Append(Encode(texts[T.Back])).Append("</a></p>\n</main>\n");
        return Document(texts[title], body.ToString());
    }

    /// <summary>The text with the words of recorded signals ("id: evidence") marked, everything encoded.</summary>
    internal static string HighlightSignals(string text, IEnumerable<string> signals) =>
        Highlight(text, signals.Select(s => s.IndexOf(": ", StringComparison.Ordinal) is var i and >= 0 ? s[(i + 2)..] : string.Empty));

    /// <summary>A risk level as a badge ("Akutt", "Høy", "Moderat"), the same look everywhere in the workspace.</summary>
    internal static string LevelBadge(WorkspaceTexts texts, RiskLevel level)
    {
        var (text, key) = level switch
        {
            RiskLevel.Acute => (texts[T.LevelAcute], "acute"),
            RiskLevel.High => (texts[T.LevelHigh], "high"),
            _ => (texts[T.LevelModerate], "moderate"),
        };
        return $"<span class=\"level level-{key}\">{Encode(text)}</span>";
    }

    /// <summary>The message with the words that raised the escalation in <c>&lt;mark&gt;</c>, everything encoded.</summary>
    public static string Highlight(string text, IEnumerable<string> evidence)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(evidence);
        var marked = new bool[text.Length];
        foreach (var phrase in evidence.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            // A combination's evidence is "a + b"; when a phrase is not found as written, its words are looked for one by one.
            foreach (var part in phrase.Split(" + ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!MarkAll(text, part, marked))
                {
                    foreach (var word in part.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 1 || char.IsSurrogate(w[0])))
                    {
                        MarkAll(text, word, marked);
                    }
                }
            }
        }

        var html = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var inMark = marked[i];
            while (i < text.Length && marked[i] == inMark)
            {
                i++;
            }

            var segment = Encode(text[start..i]);
            html.Append(inMark ? $"<mark>{segment}</mark>" : segment);
        }

        return html.ToString();
    }

    private static bool MarkAll(string text, string part, bool[] marked)
    {
        var found = false;
        var from = 0;
        while (from < text.Length)
        {
            var at = text.IndexOf(part, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                break;
            }

            Array.Fill(marked, true, at, part.Length);
            from = at + part.Length;
            found = true;
        }

        return found;
    }

    private static void EscalationItem(StringBuilder html, PageContext page, EscalationSummary e, IReadOnlyList<EscalationEvent>? history)
    {
        var t = page.Texts;
        var id = e.Id.ToString("D");
        var (levelText, levelKey, icon) = e.Kind == EscalationKind.Silence
            ? (t[T.LevelSilence], "silence", "…")
            : e.Level switch
            {
                RiskLevel.Acute => (t[T.LevelAcute], "acute", "‼"),
                RiskLevel.High => (t[T.LevelHigh], "high", "!"),
                _ => (t[T.LevelModerate], "moderate", "•"),
            };
        var status = e.Status switch
        {
            EscalationStatus.Open => t[T.StatusOpen],
            EscalationStatus.Acknowledged => t[T.StatusAcknowledged],
            EscalationStatus.InContact => t[T.StatusInContact],
            _ => t[T.StatusResolved],
        };
        var who = e.PersonName ?? t[T.UnknownNumber];

        html.Append("<li class=\"case level-").Append(levelKey).Append(e.Overdue ? " overdue" : string.Empty)
            .Append("\" id=\"case-").Append(id).Append("\" data-id=\"").Append(id).Append("\" data-level=\"").Append(levelKey).Append("\">\n")
            .Append("<h3 id=\"case-").Append(id).Append("-title\"><span class=\"level level-").Append(levelKey).Append("\"><span aria-hidden=\"true\">")
            .Append(icon).Append("</span> ").Append(Encode(levelText)).Append("</span> <span class=\"who\">").Append(Encode(who)).Append("</span>");
        if (e.AssignedToMe)
        {
            html.Append(" <span class=\"mine\">").Append(Encode(t[T.Yours])).Append("</span>");
        }

        html.Append("</h3>\n<p class=\"meta\">");
        if (e.Overdue)
        {
            html.Append("<strong class=\"overdue-mark\"><span aria-hidden=\"true\">⏰</span> ").Append(Encode(t[T.Overdue])).Append("</strong> · ");
        }

        html.Append("<span>").Append(Encode(t.Render(T.Status, "status", status))).Append("</span> · ")
            .Append(TimeElement(page, e.CreatedAt, Age(page, e.CreatedAt)))
            .Append(" · <span class=\"address\">").Append(Encode(e.SenderAddress)).Append("</span>");
        if (e.Status == EscalationStatus.Open && e.AcknowledgeBy is { } due && !e.Overdue)
        {
            html.Append(" · <span>").Append(Encode(t.Render(T.Due, "when", When(page, due)))).Append("</span>");
        }

        if (e.OutsideOfficeHours)
        {
            html.Append(" · <span>").Append(Encode(t[T.OutsideHours])).Append("</span>");
        }

        html.Append("</p>\n");
        if (e.MessageText is { Length: > 0 } message)
        {
            html.Append("<blockquote class=\"message\" aria-label=\"").Append(Encode(t[T.Message])).Append("\"><p>")
                .Append(Highlight(message, e.Signals.Select(s => s.Evidence))).Append("</p></blockquote>\n");
        }
        else if (e.Kind == EscalationKind.Silence)
        {
            html.Append("<p>").Append(Encode(t[T.Silence])).Append("</p>\n");
        }

        if (history is { Count: > 0 })
        {
            EscalationHistoryHtml.Collapsed(html, page, history);
        }

        var described = $" aria-describedby=\"case-{id}-title\"";
        var action = $"{WorkspaceEndpoints.EscalationsPath}/{id}";
        html.Append("<div class=\"actions\">\n");
        if (e.Status == EscalationStatus.Open)
        {
            Button(html, page, $"{action}/acknowledge", t[T.ActionAcknowledge], described);
        }

        if ((e.Status is EscalationStatus.Open or EscalationStatus.Acknowledged) && e.ActiveHandoffId is null)
        {
            Button(html, page, $"{action}/in-contact", t[T.ActionInContact], described, secondary: true);
        }

        if (e.ActiveHandoffId is { } handoff)
        {
            html.Append("<a class=\"button\" href=\"").Append(WorkspaceEndpoints.ConversationPath(handoff)).Append("\"").Append(described).Append('>')
                .Append(Encode(t[T.ActionOpenConversation])).Append("</a>\n");
        }
        else
        {
            Button(html, page, $"{action}/takeover", t[T.ActionTakeover], described);
        }

        html.Append("<details class=\"resolve\" id=\"resolve-").Append(id).Append("\"><summary").Append(described).Append('>')
            .Append(Encode(t[T.ActionResolve])).Append("</summary>\n<form method=\"post\" action=\"").Append(action).Append("/resolve\">\n");
        Token(html, page);
        html.Append("<label for=\"note-").Append(id).Append("\">").Append(Encode(t[T.ResolveNote])).Append("</label>\n")
            .Append("<textarea id=\"note-").Append(id).Append("\" name=\"note\" rows=\"3\" maxlength=\"2000\" required></textarea>\n")
            .Append("<button type=\"submit\"").Append(described).Append('>').Append(Encode(t[T.ActionResolveSubmit])).Append("</button>\n</form>\n</details>\n")
            .Append("</div>\n</li>\n");
    }

    private static void ContactItem(StringBuilder html, PageContext page, ContactRequestSummary c)
    {
        var t = page.Texts;
        var id = c.Id.ToString("D");
        html.Append("<li class=\"case contact\" id=\"contact-").Append(id).Append("\" data-id=\"").Append(id).Append("\" data-level=\"contact\">\n")
            .Append("<h3 id=\"contact-").Append(id).Append("-title\"><span class=\"who\">").Append(Encode(c.PersonName ?? t[T.UnknownNumber])).Append("</span>");
        if (c.AssignedToMe)
        {
            html.Append(" <span class=\"mine\">").Append(Encode(t[T.Yours])).Append("</span>");
        }

        html.Append("</h3>\n<p class=\"meta\">").Append(TimeElement(page, c.CreatedAt, Age(page, c.CreatedAt))).Append(" · ");
        if (c.Phone is { Length: > 0 } phone)
        {
            html.Append("<a href=\"tel:").Append(Encode(phone)).Append("\">").Append(Encode(t.Render(T.ContactPhone, "phone", phone))).Append("</a>");
        }
        else
        {
            html.Append(Encode(t[T.ContactNoPhone]));
        }

        if (c.PreferredTimeText is { Length: > 0 } preferred)
        {
            html.Append(" · <span>").Append(Encode(t.Render(T.ContactPreferred, "time", preferred))).Append("</span>");
        }

        html.Append("</p>\n<div class=\"actions\">\n");
        Button(html, page, $"{WorkspaceEndpoints.ContactRequestsPath}/{id}/done", t[T.ActionDone], $" aria-describedby=\"contact-{id}-title\"");
        html.Append("</div>\n</li>\n");
    }

    private static void Button(StringBuilder html, PageContext page, string action, string text, string attributes, bool secondary = false)
    {
        html.Append("<form method=\"post\" action=\"").Append(action).Append("\">");
        Token(html, page);
        html.Append("<button type=\"submit\"").Append(secondary ? " class=\"secondary\"" : string.Empty).Append(attributes).Append('>')
            .Append(Encode(text)).Append("</button></form>\n");
    }

    internal static void Token(StringBuilder html, PageContext page) =>
        html.Append("<input type=\"hidden\" name=\"").Append(Encode(page.FormField)).Append("\" value=\"").Append(Encode(page.FormToken)).Append("\">");

    internal static void Header(StringBuilder body, PageContext page)
    {
        var t = page.Texts;
        WorkspaceNav.SkipLink(body, t);
        body.Append("<header class=\"top\">\n<p class=\"brand\">Dialogue</p>\n");
        WorkspaceNav.Menu(body, t, page.Path, page.TeamLead);
        body.Append("<p>")
            .Append(Encode(t.Render(T.SignedInAs, "name", $"{page.DisplayName} ({page.Ident})"))).Append("</p>\n");
        if (page.CanSignOut)
        {
            body.Append("<form method=\"post\" action=\"").Append(Auth.StaffPaths.Logout).Append("\">");
            Token(body, page);
            body.Append("<button type=\"submit\" class=\"secondary\">").Append(Encode(t[T.Logout])).Append("</button></form>\n");
        }

        body.Append("</header>\n");
        StatusBanner.Render(body, page);
    }

    internal static void Result(StringBuilder body, WorkspaceTexts texts, TextId? result, bool error)
    {
        if (result is { } id)
        {
            body.Append(error ? "<p class=\"result error\" role=\"alert\">" : "<p class=\"result\" role=\"status\">")
                .Append(Encode(texts[id])).Append("</p>\n");
        }
    }

    internal static string TimeElement(PageContext page, DateTimeOffset at, string text) =>
        $"<time datetime=\"{at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\" title=\"{Encode(When(page, at))}\">{Encode(text)}</time>";

    /// <summary>"nå nettopp", "for 5 min siden", "for 2 t siden", or the date and time when it is older than 12 hours.</summary>
    internal static string Age(PageContext page, DateTimeOffset at)
    {
        var t = page.Texts;
        var age = page.Now - at;
        if (age < TimeSpan.FromMinutes(1))
        {
            return t[T.AgeNow];
        }

        if (age < TimeSpan.FromHours(1))
        {
            return t.Render(T.AgeMinutes, "minutes", ((int)age.TotalMinutes).ToString(CultureInfo.InvariantCulture));
        }

        return age < TimeSpan.FromHours(12)
            ? t.Render(T.AgeHours, "hours", ((int)age.TotalHours).ToString(CultureInfo.InvariantCulture))
            : When(page, at);
    }

    /// <summary>"kl. 14:05" today (in Norway), else "21.11. kl. 22:00".</summary>
    internal static string When(PageContext page, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Oslo);
        var today = TimeZoneInfo.ConvertTime(page.Now, Oslo).Date;
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        return local.Date == today
            ? page.Texts.Render(T.TimeToday, "time", time)
            : page.Texts.Render(T.TimeDate, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["date"] = local.ToString("dd.MM.", CultureInfo.InvariantCulture),
                ["time"] = time,
            });
    }

    internal static string Document(string title, string body) => $"""
<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{Encode(title)}</title>
<link rel="stylesheet" href="{Stylesheet}">
<link rel="stylesheet" href="{WorkspaceNav.Stylesheet}">
<script src="{Script}" defer></script>
</head>
<body>
{body}</body>
</html>
""";
}
