using System.Globalization;
using System.Text;
using Dialogue.Cases.Safety;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using E = Dialogue.Bot.Staff.Workspace.EnquiryTexts;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;

using static Dialogue.Bot.Staff.StaffHtml;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>The henvendelser texts of the inbox (<c>Staff/Texts/nb.enquiries.json</c>).</summary>
[WorkspaceTextIds]
public static class EnquiryTexts
{
    public static readonly TextId Heading = new("enquiries.heading");
    public static readonly TextId Empty = new("enquiries.empty");
    public static readonly TextId KindHelp = new("enquiries.kind.help_with_activity");
    public static readonly TextId KindNewTime = new("enquiries.kind.new_appointment_time");
    public static readonly TextId KindQuestion = new("enquiries.kind.question");
    public static readonly TextId KindOffice = new("enquiries.kind.office");
    public static readonly TextId Activity = new("enquiries.activity");
    public static readonly TextId AnswerBy = new("enquiries.answer_by");
    public static readonly TextId Overdue = new("enquiries.overdue");
    public static readonly TextId Contact = new("enquiries.contact");
    public static readonly TextId From = new("enquiries.from");
    public static readonly TextId NoText = new("enquiries.no_text");
    public static readonly TextId Note = new("enquiries.note");
    public static readonly TextId MarkAnswered = new("enquiries.mark_answered");
    public static readonly TextId MarkAnsweredSubmit = new("enquiries.mark_answered_submit");
    public static readonly TextId ResultAnswered = new("enquiries.result.answered");
    public static readonly TextId ResultNoteInvalid = new("enquiries.result.note_invalid");
}

public static partial class WorkspacePages
{
    /// <summary>Personer: where a person's page lives (their plan, numbers and conversations).</summary>
    public const string PersonsPath = "/veileder/personer";

    private static void EnquiryList(StringBuilder html, PageContext page, IReadOnlyList<EnquirySummary> enquiries)
    {
        var t = page.Texts;
        html.Append("<section aria-labelledby=\"enquiries-heading\">\n<h2 id=\"enquiries-heading\">")
            .Append(Encode(t[E.Heading])).Append(" (").Append(enquiries.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>\n");
        if (enquiries.Count == 0)
        {
            html.Append("<p>").Append(Encode(t[E.Empty])).Append("</p>\n</section>\n");
            return;
        }

        html.Append("<ul class=\"cases\">\n");
        foreach (var enquiry in enquiries)
        {
            EnquiryItem(html, page, enquiry);
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void EnquiryItem(StringBuilder html, PageContext page, EnquirySummary e)
    {
        var t = page.Texts;
        var id = e.Id.ToString("D");
        var kind = e.Kind switch
        {
            EnquiryKind.HelpWithActivity => t[E.KindHelp],
            EnquiryKind.NewAppointmentTime => t[E.KindNewTime],
            EnquiryKind.Question => t[E.KindQuestion],
            _ => t[E.KindOffice],
        };
        var described = $" aria-describedby=\"enquiry-{id}-title\"";

        html.Append("<li class=\"case enquiry").Append(e.Overdue ? " overdue" : string.Empty).Append("\" id=\"enquiry-").Append(id)
            .Append("\" data-id=\"").Append(id).Append("\" data-level=\"enquiry\">\n")
            .Append("<h3 id=\"enquiry-").Append(id).Append("-title\"><span class=\"kind\">").Append(Encode(kind)).Append("</span> ");
        if (e.PersonId is { } person && e.PersonName is { } name)
        {
            html.Append("<a class=\"who\" href=\"").Append(PersonsPath).Append('/').Append(person.ToString("D")).Append("\">").Append(Encode(name)).Append("</a>");
        }
        else
        {
            html.Append("<span class=\"who\">").Append(Encode(t[T.UnknownNumber])).Append("</span>");
        }

        if (e.AssignedToMe)
        {
            html.Append(" <span class=\"mine\">").Append(Encode(t[T.Yours])).Append("</span>");
        }

        html.Append("</h3>\n<p class=\"meta\">");
        if (e.Overdue)
        {
            html.Append("<strong class=\"overdue-mark\"><span aria-hidden=\"true\">⏰</span> ").Append(Encode(t[E.Overdue])).Append("</strong> · ");
        }

        html.Append(TimeElement(page, e.CreatedAt, Age(page, e.CreatedAt)))
            .Append(" · <span>").Append(Encode(t.Render(E.AnswerBy, "when", When(page, e.AnswerBy)))).Append("</span>");
        if (e.SenderAddress is { Length: > 0 } sender)
        {
            html.Append(" · <span class=\"address\">").Append(Encode(t.Render(E.From, "sender", sender))).Append("</span>");
        }

        html.Append("</p>\n");
        if (e.ActivityTitle is { Length: > 0 } activity)
        {
            html.Append("<p>").Append(Encode(t.Render(E.Activity, "title", activity))).Append("</p>\n");
        }

        html.Append("<blockquote class=\"message\" aria-label=\"").Append(Encode(t[T.Message])).Append("\"><p>")
            .Append(Encode(e.Text is { Length: > 0 } text ? text : t[E.NoText])).Append("</p></blockquote>\n");
        if (e.ContactInfo is { Length: > 0 } contact)
        {
            html.Append("<p>").Append(Encode(t.Render(E.Contact, "contact", contact))).Append("</p>\n");
        }

        html.Append("<div class=\"actions\">\n<details class=\"resolve\" id=\"answer-").Append(id).Append("\"><summary").Append(described).Append('>')
            .Append(Encode(t[E.MarkAnswered])).Append("</summary>\n<form method=\"post\" action=\"").Append(WorkspaceEndpoints.EnquiriesPath)
            .Append('/').Append(id).Append("/answered\">\n");
        Token(html, page);
        html.Append("<label for=\"answer-note-").Append(id).Append("\">").Append(Encode(t[E.Note])).Append("</label>\n")
            .Append("<textarea id=\"answer-note-").Append(id).Append("\" name=\"note\" rows=\"2\" maxlength=\"")
            .Append(EnquiryDesk.MaxNoteLength.ToString(CultureInfo.InvariantCulture)).Append("\"></textarea>\n")
            .Append("<button type=\"submit\"").Append(described).Append('>').Append(Encode(t[E.MarkAnsweredSubmit])).Append("</button>\n</form>\n</details>\n")
            .Append("</div>\n</li>\n");
    }
}
