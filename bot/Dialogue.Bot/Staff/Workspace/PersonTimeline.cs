using System.Globalization;
using System.Text;
using Dialogue.Cases.Journal;
using Dialogue.Language.Catalog;
using Dialogue.Safety.Screening;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;
using TL = Dialogue.Bot.Staff.Workspace.TimelineTexts;

using static Dialogue.Bot.Staff.StaffHtml;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>The person page's timeline texts (<c>Staff/Texts/nb.timeline.json</c>).</summary>
[WorkspaceTextIds]
public static class TimelineTexts
{
    public static readonly TextId Heading = new("timeline.heading");
    public static readonly TextId Intro = new("timeline.intro");
    public static readonly TextId Empty = new("timeline.empty");
    public static readonly TextId Older = new("timeline.older");
    public static readonly TextId LogLink = new("timeline.log_link");
    public static readonly TextId MessageIn = new("timeline.kind.message_in");
    public static readonly TextId MessageOut = new("timeline.kind.message_out");
    public static readonly TextId MessageVeileder = new("timeline.kind.message_veileder");
    public static readonly TextId Delivery = new("timeline.kind.sms_delivery");
    public static readonly TextId Activity = new("timeline.kind.activity");
    public static readonly TextId Goal = new("timeline.kind.goal");
    public static readonly TextId Appointment = new("timeline.kind.appointment");
    public static readonly TextId Mood = new("timeline.kind.mood");
    public static readonly TextId LifeSituation = new("timeline.kind.life_situation");
    public static readonly TextId Summary = new("timeline.kind.summary");
    public static readonly TextId Escalation = new("timeline.kind.escalation");
    public static readonly TextId EscalationEvent = new("timeline.kind.escalation_event");
    public static readonly TextId HandoffStart = new("timeline.kind.handoff_start");
    public static readonly TextId HandoffEnd = new("timeline.kind.handoff_end");
    public static readonly TextId ContactRequest = new("timeline.kind.contact_request");
    public static readonly TextId Enquiry = new("timeline.kind.enquiry");
    public static readonly TextId Retention = new("timeline.kind.retention");
    public static readonly TextId Correction = new("timeline.kind.correction");
    public static readonly TextId Other = new("timeline.kind.other");
    public static readonly TextId Redacted = new("timeline.redacted");
    public static readonly TextId Export = new("timeline.export");
}

/// <summary>
/// The person page's conversation timeline, from the case record (journal), newest first: messages both ways, plan
/// changes, summaries, risk signals (the words that raised them marked) and escalations, handoffs with the veileder's
/// name. Reading it is part of reading the person page (audited as <c>person.read</c>).
/// </summary>
internal static class PersonTimeline
{
    public const int PageSize = 50;

    public static string Section(PageContext page, Guid personId, IReadOnlyList<JournalEntry> entries, bool more)
    {
        var t = page.Texts;
        var html = new StringBuilder("<section aria-labelledby=\"timeline-heading\" class=\"timeline\">\n<h2 id=\"timeline-heading\">")
            .Append(Encode(t[TL.Heading])).Append("</h2>\n<p>").Append(Encode(t[TL.Intro])).Append(" <a href=\"")
            .Append(Encode($"{WorkspaceNav.LogPath}?person={personId:D}")).Append("\">").Append(Encode(t[TL.LogLink])).Append("</a></p>\n")
            .Append("<p><a href=\"").Append(Encode($"{PersonEndpoints.ListPath}/{personId:D}/eksport.json")).Append("\" download>")
            .Append(Encode(t[TL.Export])).Append("</a></p>\n");
        if (entries.Count == 0)
        {
            return html.Append("<p>").Append(Encode(t[TL.Empty])).Append("</p>\n</section>\n").ToString();
        }

        html.Append("<ol class=\"timeline\">\n");
        foreach (var entry in entries)
        {
            var risky = entry.RiskLevel is { } level && level >= RiskLevel.Moderate;
            html.Append("<li class=\"entry kind-").Append(entry.Kind.Replace('.', '-')).Append(risky ? " risky" : string.Empty).Append("\">")
                .Append("<p class=\"who\"><strong>").Append(Encode(Label(t, entry))).Append("</strong> ")
                .Append(WorkspacePages.TimeElement(page, entry.At, WorkspacePages.When(page, entry.At)));
            if (risky)
            {
                html.Append(' ').Append(WorkspacePages.LevelBadge(t, entry.RiskLevel!.Value));
            }

            html.Append("</p>");
            if (entry.Redacted)
            {
                html.Append("<p class=\"text\"><em>").Append(Encode(t[TL.Redacted])).Append("</em></p>");
            }
            else if (entry.Text is { Length: > 0 } content)
            {
                html.Append("<p class=\"text\">").Append(WorkspacePages.HighlightSignals(content, CaseJournal.SignalsOf(entry))).Append("</p>");
            }

            html.Append("</li>\n");
        }

        html.Append("</ol>\n");
        if (more)
        {
            var before = entries[^1].At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            html.Append("<p><a href=\"").Append(Encode($"{PersonEndpoints.ListPath}/{personId:D}?before={Uri.EscapeDataString(before)}#timeline-heading"))
                .Append("\">").Append(Encode(t[TL.Older])).Append("</a></p>\n");
        }

        return html.Append("</section>\n").ToString();
    }

    private static string Label(WorkspaceTexts t, JournalEntry entry) => entry.Kind switch
    {
        JournalKinds.MessageIn => t[TL.MessageIn],
        JournalKinds.MessageOut => t[TL.MessageOut],
        JournalKinds.MessageVeileder => t.Render(TL.MessageVeileder, "name", entry.ActorName ?? t[T.ConversationFromVeileder]),
        JournalKinds.SmsDelivery => t[TL.Delivery],
        JournalKinds.Activity => t[TL.Activity],
        JournalKinds.Goal => t[TL.Goal],
        JournalKinds.Appointment => t[TL.Appointment],
        JournalKinds.Mood => t[TL.Mood],
        JournalKinds.LifeSituation => t[TL.LifeSituation],
        JournalKinds.Summary => t[TL.Summary],
        JournalKinds.Escalation => t[TL.Escalation],
        JournalKinds.EscalationEvent => t[TL.EscalationEvent],
        JournalKinds.HandoffStart => t.Render(TL.HandoffStart, "name", entry.ActorName ?? t[T.ConversationFromVeileder]),
        JournalKinds.HandoffEnd => t[TL.HandoffEnd],
        JournalKinds.ContactRequest => t[TL.ContactRequest],
        JournalKinds.Enquiry => t[TL.Enquiry],
        JournalKinds.Retention => t[TL.Retention],
        JournalKinds.Correction => t[TL.Correction],
        _ => t[TL.Other],
    };
}
