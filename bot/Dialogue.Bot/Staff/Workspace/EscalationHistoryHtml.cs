using System.Globalization;
using System.Text;
using Dialogue.Language.Catalog;
using Dialogue.Safety.Escalation;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;

using static Dialogue.Bot.Staff.StaffHtml;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>The escalation history's texts (<c>Staff/Texts/nb.history.json</c>).</summary>
[WorkspaceTextIds]
public static class HistoryTexts
{
    public static readonly TextId Heading = new("history.heading");
    public static readonly TextId Summary = new("history.summary");
    public static readonly TextId Empty = new("history.empty");
    public static readonly TextId By = new("history.by");
    public static readonly TextId ActorBot = new("history.actor.bot");
    public static readonly TextId ActorWatchdog = new("history.actor.watchdog");
    public static readonly TextId Created = new("history.type.created");
    public static readonly TextId Notified = new("history.type.notified");
    public static readonly TextId Acknowledged = new("history.type.acknowledged");
    public static readonly TextId InContact = new("history.type.in_contact");
    public static readonly TextId Resolved = new("history.type.resolved");
    public static readonly TextId SlaMissed = new("history.type.sla_missed");
    public static readonly TextId HandoffStarted = new("history.type.handoff_started");
    public static readonly TextId HandoffEnded = new("history.type.handoff_ended");
    public static readonly TextId FollowUp = new("history.type.follow_up_message");
    public static readonly TextId Other = new("history.type.other");
    public static readonly TextId NoteLevel = new("history.note.level");
    public static readonly TextId NoteSignals = new("history.note.signals");
    public static readonly TextId NoteSilence = new("history.note.silence");
    public static readonly TextId NoteSmsVeileder = new("history.note.sms_veileder");
    public static readonly TextId NoteSmsDuty = new("history.note.sms_duty");
    public static readonly TextId NoteSendAt = new("history.note.send_at");
    public static readonly TextId NoteMinutes = new("history.note.minutes");
    public static readonly TextId NoteSmsTo = new("history.note.sms_to");
    public static readonly TextId NoteSmsNone = new("history.note.sms_none");
    public static readonly TextId NoteDutyPhone = new("history.note.duty_phone");
    public static readonly TextId NoteTeamLead = new("history.note.team_lead");
    public static readonly TextId NoteAnd = new("history.note.and");
    public static readonly TextId NoteResolution = new("history.note.resolution");
}

/// <summary>
/// An escalation's history as HTML: one line per event, oldest first, with when, what (in Norwegian), who, and the
/// event's note. Notes are codes written by the bot and the watchdog (<c>sms:veileder_work_phone</c>,
/// <c>minutes=16;sms=office_duty_phone,team_lead:Z990010</c>, <c>High: signal, signal</c>, ...), rendered here from the
/// staff catalog; a resolution note is the veileder's own words; a note this code does not know is shown as written.
/// Everything from the database is HTML-encoded.
/// </summary>
public static class EscalationHistoryHtml
{
    /// <summary>Collapsed, for the inbox's card: "Historikk (n)" opens the list.</summary>
    public static void Collapsed(StringBuilder html, PageContext page, IReadOnlyList<EscalationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(events);
        html.Append("<details class=\"history\"><summary>")
            .Append(Encode(page.Texts.Render(HistoryTexts.Summary, "count", events.Count.ToString(CultureInfo.InvariantCulture))))
            .Append("</summary>\n");
        List(html, page, events);
        html.Append("</details>\n");
    }

    /// <summary>As a section with its own heading, for the conversation page.</summary>
    public static void Section(StringBuilder html, PageContext page, IReadOnlyList<EscalationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(events);
        html.Append("<section aria-labelledby=\"history-heading\">\n<h2 id=\"history-heading\">").Append(Encode(page.Texts[HistoryTexts.Heading])).Append("</h2>\n");
        List(html, page, events);
        html.Append("</section>\n");
    }

    private static void List(StringBuilder html, PageContext page, IReadOnlyList<EscalationEvent> events)
    {
        var t = page.Texts;
        if (events.Count == 0)
        {
            html.Append("<p>").Append(Encode(t[HistoryTexts.Empty])).Append("</p>\n");
            return;
        }

        html.Append("<ol class=\"history\">\n");
        foreach (var e in events)
        {
            html.Append("<li><time datetime=\"").Append(e.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append("\">")
                .Append(Encode(WorkspacePages.When(page, e.At))).Append("</time> <span class=\"what\">").Append(Encode(What(t, e.Type))).Append("</span> ")
                .Append(Encode(t.Render(HistoryTexts.By, "who", Who(t, e.Actor))));
            if (Note(page, e) is { Length: > 0 } note)
            {
                html.Append("<span class=\"note\">").Append(Encode(note)).Append("</span>");
            }

            html.Append("</li>\n");
        }

        html.Append("</ol>\n");
    }

    private static string What(WorkspaceTexts t, string type) => type switch
    {
        EscalationEventTypes.Created => t[HistoryTexts.Created],
        EscalationEventTypes.Notified => t[HistoryTexts.Notified],
        EscalationEventTypes.Acknowledged => t[HistoryTexts.Acknowledged],
        EscalationEventTypes.InContact => t[HistoryTexts.InContact],
        EscalationEventTypes.Resolved => t[HistoryTexts.Resolved],
        EscalationEventTypes.SlaMissed => t[HistoryTexts.SlaMissed],
        EscalationEventTypes.HandoffStarted => t[HistoryTexts.HandoffStarted],
        EscalationEventTypes.HandoffEnded => t[HistoryTexts.HandoffEnded],
        EscalationEventTypes.FollowUpMessage => t[HistoryTexts.FollowUp],
        _ => t.Render(HistoryTexts.Other, "type", type),
    };

    private static string Who(WorkspaceTexts t, string actor) => actor switch
    {
        "bot" => t[HistoryTexts.ActorBot],
        "watchdog" => t[HistoryTexts.ActorWatchdog],
        _ => actor,
    };

    /// <summary>The note in words, or null when there is none.</summary>
    internal static string? Note(PageContext page, EscalationEvent e)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(e);
        var t = page.Texts;
        if (string.IsNullOrWhiteSpace(e.Note))
        {
            return null;
        }

        var note = e.Note.Trim();
        if (e.Type == EscalationEventTypes.Resolved)
        {
            return $"{t[HistoryTexts.NoteResolution]} {note}";
        }

        return e.Type switch
        {
            EscalationEventTypes.Notified => Notified(page, note),
            EscalationEventTypes.SlaMissed => SlaMissed(t, note),
            EscalationEventTypes.Created or EscalationEventTypes.FollowUpMessage => Silence(t, note) ?? Assessment(t, note),
            _ => null,
        } ?? note;
    }

    /// <summary><c>sms:veileder_work_phone</c> or <c>sms:office_duty_phone</c>, with <c>;send_at=…Z</c> when it waits for the opening.</summary>
    private static string? Notified(PageContext page, string note)
    {
        var t = page.Texts;
        var parts = Fields(note);
        var to = parts.GetValueOrDefault("sms") switch
        {
            "veileder_work_phone" => t[HistoryTexts.NoteSmsVeileder],
            "office_duty_phone" => t[HistoryTexts.NoteSmsDuty],
            _ => null,
        };
        if (to is null)
        {
            return null;
        }

        if (parts.GetValueOrDefault("send_at") is { } sendAt)
        {
            if (!DateTimeOffset.TryParse(sendAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return null;
            }

            return $"{to} {t.Render(HistoryTexts.NoteSendAt, "when", WorkspacePages.When(page, at))}";
        }

        return to;
    }

    /// <summary><c>minutes=16;sms=office_duty_phone,team_lead:Z990010</c> or <c>sms=none</c>.</summary>
    private static string? SlaMissed(WorkspaceTexts t, string note)
    {
        var parts = Fields(note);
        if (!parts.TryGetValue("minutes", out var minutes) || !int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || !parts.TryGetValue("sms", out var sms))
        {
            return null;
        }

        var first = t.Render(HistoryTexts.NoteMinutes, "minutes", minutes);
        if (sms == "none")
        {
            return $"{first} {t[HistoryTexts.NoteSmsNone]}";
        }

        var who = new List<string>();
        foreach (var item in sms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item == "office_duty_phone")
            {
                who.Add(t[HistoryTexts.NoteDutyPhone]);
            }
            else if (item.StartsWith("team_lead:", StringComparison.Ordinal) && item.Length > "team_lead:".Length)
            {
                who.Add(t.Render(HistoryTexts.NoteTeamLead, "ident", item["team_lead:".Length..]));
            }
            else
            {
                return null;
            }
        }

        var list = who.Count <= 1 ? string.Concat(who) : $"{string.Join(", ", who[..^1])} {t[HistoryTexts.NoteAnd]} {who[^1]}";
        return $"{first} {t.Render(HistoryTexts.NoteSmsTo, "who", list)}";
    }

    /// <summary><c>silent_days=7;messages=3</c>.</summary>
    private static string? Silence(WorkspaceTexts t, string note)
    {
        var parts = Fields(note);
        return parts.TryGetValue("silent_days", out var days) && parts.TryGetValue("messages", out var messages)
            && int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out _) && int.TryParse(messages, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? t.Render(HistoryTexts.NoteSilence, new Dictionary<string, string>(StringComparer.Ordinal) { ["days"] = days, ["messages"] = messages })
            : null;
    }

    /// <summary>The screener's decision: <c>High: signal-id, signal-id</c>.</summary>
    private static string? Assessment(WorkspaceTexts t, string note)
    {
        var colon = note.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var level = note[..colon] switch
        {
            "Acute" => t[T.LevelAcute],
            "High" => t[T.LevelHigh],
            "Moderate" => t[T.LevelModerate],
            _ => null,
        };
        if (level is null)
        {
            return null;
        }

        var signals = note[(colon + 1)..].Trim();
        var text = t.Render(HistoryTexts.NoteLevel, "level", level);
        return signals.Length == 0 ? text : $"{text} {t.Render(HistoryTexts.NoteSignals, "signals", signals)}";
    }

    private static Dictionary<string, string> Fields(string note)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in note.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = part.IndexOfAny([':', '=']);
            if (separator > 0)
            {
                fields[part[..separator]] = part[(separator + 1)..];
            }
        }

        return fields;
    }
}
