using System.Globalization;
using System.Text;
using Dialogue.Cases.Journal;
using Dialogue.Language.Catalog;
using Dialogue.Safety.Screening;
using L = Dialogue.Bot.Staff.Workspace.LogTexts;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;

using static Dialogue.Bot.Staff.StaffHtml;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>The log review's HTML: the search form with its results, and one conversation (also as a printable page).</summary>
internal static class LogReviewPages
{
    public static string Search(
        PageContext page, LogReview.Filter filter, IReadOnlyList<(Guid Id, string Name)> people, IReadOnlyList<(string Field, TextId Text)> errors,
        IReadOnlyList<ConversationHit>? hits)
    {
        var t = page.Texts;
        var body = new StringBuilder();
        WorkspacePages.Header(body, page);
        body.Append("<main id=\"main\">\n<h1>").Append(Encode(t[L.Title])).Append("</h1>\n<p>").Append(Encode(t[L.Intro])).Append("</p>\n");
        if (errors.Count > 0)
        {
            body.Append("<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-heading\">\n<h2 id=\"error-heading\">")
                .Append(Encode(t[L.ErrorHeading])).Append("</h2>\n<ul>\n");
            foreach (var (field, text) in errors)
            {
                body.Append("<li><a href=\"#").Append(field).Append("\">").Append(Encode(t[text])).Append("</a></li>\n");
            }

            body.Append("</ul>\n</div>\n");
        }

        body.Append("<form method=\"get\" action=\"").Append(LogReview.Path).Append("\" class=\"filter\" role=\"search\" aria-labelledby=\"filter-heading\">\n")
            .Append("<h2 id=\"filter-heading\">").Append(Encode(t[L.FilterHeading])).Append("</h2>\n<div class=\"fields\">\n");
        Select(body, "person", t[L.Person], filter.Person,
            [(string.Empty, t[L.PersonAll]), .. people.Select(p => (p.Id.ToString("D"), p.Name))]);
        DateField(body, "fra", t[L.From], filter.From, errors);
        DateField(body, "til", t[L.To], filter.To, errors);
        Select(body, "kanal", t[L.Channel], filter.Channel,
            [(string.Empty, t[L.ChannelAll]), ("sms", t[L.ChannelSms]), ("directline", t[L.ChannelWeb])]);
        Select(body, "risiko", t[L.Risk], filter.Risk,
            [(string.Empty, t[L.RiskAll]), ("moderate", t[L.RiskModerate]), ("high", t[L.RiskHigh]), ("acute", t[L.RiskAcute])]);
        body.Append("<div class=\"field\"><label for=\"tekst\">").Append(Encode(t[L.Text])).Append("</label>")
            .Append("<p class=\"hint\" id=\"tekst-hint\">").Append(Encode(t[L.TextHint])).Append("</p>")
            .Append("<input type=\"search\" id=\"tekst\" name=\"tekst\" maxlength=\"200\" aria-describedby=\"tekst-hint\" value=\"")
            .Append(Encode(filter.Text)).Append("\"></div>\n</div>\n<button type=\"submit\">").Append(Encode(t[L.Search])).Append("</button>\n</form>\n");

        if (hits is not null)
        {
            Results(body, page, filter, hits);
        }

        body.Append("</main>\n");
        return WorkspacePages.Document(t[L.Title], body.ToString());
    }

    private static void Results(StringBuilder body, PageContext page, LogReview.Filter filter, IReadOnlyList<ConversationHit> hits)
    {
        var t = page.Texts;
        var shown = hits.Take(LogReview.PageSize).ToList();
        body.Append("<section aria-labelledby=\"results-heading\">\n<h2 id=\"results-heading\">").Append(Encode(t[L.ResultsHeading]))
            .Append("</h2>\n");
        if (shown.Count == 0)
        {
            body.Append("<p>").Append(Encode(t[L.ResultsNone])).Append("</p>\n</section>\n");
            return;
        }

        body.Append("<div class=\"table-wrap\"><table class=\"results\">\n<thead><tr>")
            .Append("<th scope=\"col\">").Append(Encode(t[L.ColumnPerson])).Append("</th>")
            .Append("<th scope=\"col\">").Append(Encode(t[L.ColumnWhen])).Append("</th>")
            .Append("<th scope=\"col\">").Append(Encode(t[L.ColumnChannel])).Append("</th>")
            .Append("<th scope=\"col\">").Append(Encode(t[L.ColumnMessages])).Append("</th>")
            .Append("<th scope=\"col\">").Append(Encode(t[L.ColumnRisk])).Append("</th>")
            .Append("<th scope=\"col\">").Append(Encode(t[L.ColumnOpen])).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var hit in shown)
        {
            var path = LogReview.TranscriptPath(hit.PersonId.Value, hit.SessionKey);
            body.Append("<tr><th scope=\"row\">").Append(Encode(hit.PersonName)).Append("</th><td>")
                .Append(WorkspacePages.TimeElement(page, hit.FirstAt, WorkspacePages.When(page, hit.FirstAt))).Append("</td><td>")
                .Append(Encode(ChannelName(t, hit.ChannelId))).Append("</td><td>")
                .Append(hit.MessageCount.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(Risk(t, hit.HighestRisk)).Append("</td><td><a href=\"").Append(Encode(path)).Append("\">")
                .Append(Encode(t.Render(L.Read, "name", hit.PersonName))).Append("</a></td></tr>\n");
        }

        body.Append("</tbody>\n</table></div>\n<nav class=\"pages\" aria-label=\"").Append(Encode(t[L.ResultsHeading])).Append("\">");
        if (filter.Page > 1)
        {
            body.Append("<a href=\"").Append(Encode(filter.Query(filter.Page - 1))).Append("\">").Append(Encode(t[L.Previous])).Append("</a> ");
        }

        if (hits.Count > LogReview.PageSize)
        {
            body.Append("<a href=\"").Append(Encode(filter.Query(filter.Page + 1))).Append("\">").Append(Encode(t[L.Next])).Append("</a>");
        }

        body.Append("</nav>\n</section>\n");
    }

    public static string Transcript(PageContext page, LogReview.FoundTranscript found, bool print)
    {
        var t = page.Texts;
        var title = t.Render(L.TranscriptTitle, "name", found.PersonName);
        var path = LogReview.TranscriptPath(found.PersonId, found.SessionKey);
        var body = new StringBuilder();
        if (print)
        {
            body.Append("<main id=\"main\" class=\"print\">\n<h1>").Append(Encode(t.Render(L.PrintTitle, "name", found.PersonName))).Append("</h1>\n")
                .Append("<p>").Append(Encode(t.Render(L.PrintedBy, new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["name"] = $"{page.DisplayName} ({page.Ident})",
                    ["when"] = WorkspacePages.When(page, page.Now),
                }))).Append("</p>\n");
        }
        else
        {
            WorkspacePages.Header(body, page);
            body.Append("<main id=\"main\">\n<p><a href=\"").Append(LogReview.Path).Append("\">").Append(Encode(t[L.BackToSearch])).Append("</a></p>\n")
                .Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        }

        var first = found.Lines[0].At;
        var last = found.Lines[^1].At;
        body.Append("<p class=\"meta\">").Append(Encode(t.Render(L.TranscriptMeta, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["channel"] = ChannelName(t, found.ChannelId),
            ["from"] = WorkspacePages.When(page, first),
            ["to"] = WorkspacePages.When(page, last),
            ["count"] = found.Lines.Count.ToString(CultureInfo.InvariantCulture),
        }))).Append("</p>\n");
        if (!print)
        {
            body.Append("<p class=\"note\">").Append(Encode(t[L.TranscriptAudited])).Append("</p>\n<p class=\"actions\">")
                .Append("<a class=\"button secondary-link\" href=\"").Append(Encode(path)).Append("/utskrift\">").Append(Encode(t[L.Print])).Append("</a> ")
                .Append("<a class=\"button secondary-link\" href=\"").Append(Encode(path)).Append("/eksport.json\" download>").Append(Encode(t[L.ExportJson])).Append("</a></p>\n");
        }

        body.Append("<ol class=\"transcript\">\n");
        foreach (var line in found.Lines)
        {
            var (who, css) = line.Actor switch
            {
                "person" => (found.PersonName, "from-person"),
                "veileder" => (line.ActorName ?? t[T.ConversationFromVeileder], "from-veileder"),
                _ => (t[T.ConversationFromBot], "from-bot"),
            };
            body.Append("<li class=\"").Append(css).Append(line.RiskLevel is { } r && r >= RiskLevel.Moderate ? " risky" : string.Empty).Append("\">")
                .Append("<p class=\"who\"><strong>").Append(Encode(who)).Append("</strong> ").Append(WorkspacePages.TimeElement(page, line.At, WorkspacePages.When(page, line.At)));
            if (line.RiskLevel is { } level && level >= RiskLevel.Moderate)
            {
                body.Append(" ").Append(Risk(t, level));
            }

            if (line.DeliveryStatus is { Length: > 0 } status)
            {
                body.Append(" <span class=\"delivery\">").Append(Encode(t.Render(L.Delivery, "status", DeliveryName(t, status)))).Append("</span>");
            }

            body.Append("</p><p class=\"text\">");
            if (line.Redacted || line.Text is null)
            {
                body.Append("<em>").Append(Encode(t[L.Redacted])).Append("</em>");
            }
            else
            {
                body.Append(WorkspacePages.HighlightSignals(line.Text, line.Signals));
            }

            body.Append("</p></li>\n");
        }

        body.Append("</ol>\n</main>\n");
        return WorkspacePages.Document(print ? t.Render(L.PrintTitle, "name", found.PersonName) : title, body.ToString());
    }

    private static string Risk(WorkspaceTexts t, RiskLevel? level) =>
        level is { } l && l >= RiskLevel.Moderate ? WorkspacePages.LevelBadge(t, l) : Encode(t[L.RiskNone]);
    private static string ChannelName(WorkspaceTexts t, string channel) => channel switch
    {
        "sms" => t[L.ChannelSms],
        "directline" or "webchat" => t[L.ChannelWeb],
        _ => t.Render(L.ChannelOther, "channel", channel),
    };

    private static string DeliveryName(WorkspaceTexts t, string status) => status switch
    {
        "delivered" => t[L.DeliveryDelivered],
        "sent" => t[L.DeliverySent],
        "failed" or "undelivered" => t[L.DeliveryFailed],
        Dialogue.Cases.Sms.SmsDeliveryStatus.Held => t[Security.SecurityTexts.DeliveryHeld],
        _ => t[L.DeliveryQueued],
    };

    private static void Select(StringBuilder body, string name, string label, string? value, IReadOnlyList<(string Value, string Text)> options)
    {
        body.Append("<div class=\"field\"><label for=\"").Append(name).Append("\">").Append(Encode(label)).Append("</label><select id=\"")
            .Append(name).Append("\" name=\"").Append(name).Append("\">");
        foreach (var (optionValue, text) in options)
        {
            body.Append("<option value=\"").Append(Encode(optionValue)).Append('"')
                .Append(string.Equals(optionValue, value ?? string.Empty, StringComparison.Ordinal) ? " selected" : string.Empty).Append('>')
                .Append(Encode(text)).Append("</option>");
        }

        body.Append("</select></div>\n");
    }

    private static void DateField(StringBuilder body, string name, string label, string? value, IReadOnlyList<(string Field, TextId Text)> errors)
    {
        var invalid = errors.Any(e => e.Field == name);
        body.Append("<div class=\"field").Append(invalid ? " invalid" : string.Empty).Append("\"><label for=\"").Append(name).Append("\">")
            .Append(Encode(label)).Append("</label><input type=\"date\" id=\"").Append(name).Append("\" name=\"").Append(name).Append("\" value=\"")
            .Append(Encode(value)).Append('"').Append(invalid ? " aria-invalid=\"true\"" : string.Empty).Append("></div>\n");
    }
}
