using Dialogue.Cases.Journal;
using System.Globalization;
using System.Text;
using Dialogue.Cases.People;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Dialogue.Plan.Scheduling;
using P = Dialogue.Bot.Staff.Workspace.PersonTexts;

using static Dialogue.Bot.Staff.StaffHtml;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>What the page says after a form: a result, or an error with the field it is about (for the error summary).</summary>
public sealed record PersonPageMessage(TextId Text, bool Error, string? Field = null);

/// <summary>
/// The person list (<c>/veileder/personer</c>) and the person page (<c>/veileder/personer/{id}</c>): goal, activity
/// plan, meetings with the person's answers, phone numbers (link, unlink; shared numbers marked), a one-time web chat
/// code, weekly check-ins and appointment reminders. Server-rendered, every value encoded, plain forms with the
/// antiforgery token; works without JavaScript. Sections are rendered one by one (<see cref="Sections"/>), so further
/// ones (the conversation timeline from the case record) are added as more sections.
/// </summary>
public static class PersonPages
{
    private static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static string List(PageContext page, IReadOnlyList<PersonListItem> persons, string? query)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(persons);
        var t = page.Texts;
        var body = new StringBuilder();
        WorkspacePages.Header(body, page);
        body.Append("<main id=\"main\">\n");
        Nav(body, t, current: null);
        body.Append("<h1>").Append(Encode(t.Render(P.ListHeading, "office", page.Office))).Append("</h1>\n")
            .Append("<form method=\"get\" action=\"").Append(PersonEndpoints.ListPath).Append("\" role=\"search\" class=\"search\">\n")
            .Append("<label for=\"q\">").Append(Encode(t[P.ListSearch])).Append("</label>\n")
            .Append("<input type=\"search\" id=\"q\" name=\"q\" maxlength=\"").Append(PersonDesk.MaxSearchLength.ToString(CultureInfo.InvariantCulture))
            .Append("\" value=\"").Append(Encode(query)).Append("\">\n")
            .Append("<button type=\"submit\">").Append(Encode(t[P.ListSearchSubmit])).Append("</button>\n</form>\n");
        if (persons.Count == 0)
        {
            body.Append("<p>").Append(Encode(t[P.ListEmpty])).Append("</p>\n");
        }
        else
        {
            body.Append("<table class=\"persons\">\n<thead><tr><th scope=\"col\">").Append(Encode(t[P.ListName])).Append("</th><th scope=\"col\">")
                .Append(Encode(t[P.ListVeileder])).Append("</th><th scope=\"col\">").Append(Encode(t[P.ListPhones])).Append("</th></tr></thead>\n<tbody>\n");
            foreach (var person in persons)
            {
                body.Append("<tr><td><a href=\"").Append(PersonEndpoints.PersonPath(person.Id)).Append("\">").Append(Encode(person.Name)).Append("</a></td><td>")
                    .Append(Encode(person.VeilederName)).Append("</td><td>").Append(Encode(string.Join(", ", person.Phones.Select(p => p.E164)))).Append("</td></tr>\n");
            }

            body.Append("</tbody>\n</table>\n");
        }

        body.Append("</main>\n");
        return WorkspacePages.Document(t[P.ListTitle], body.ToString());
    }

    /// <summary>The person page. <paramref name="code"/> is a web chat code just issued (shown this once).</summary>
    /// <param name="timeline">The newest entries of the person's case record (older ones when the page was asked for them).</param>
    /// <param name="moreTimeline">There are older entries than those shown.</param>
    public static string Person(
        PageContext page, PersonDetails person, PersonPageMessage? message, IssuedLinkCode? code, IReadOnlyList<JournalEntry> timeline, bool moreTimeline)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(person);
        var t = page.Texts;
        var name = $"{person.Person.FirstName} {person.Person.LastName}";
        var body = new StringBuilder();
        WorkspacePages.Header(body, page);
        body.Append("<main id=\"main\">\n");
        Nav(body, t, current: name);
        body.Append("<h1>").Append(Encode(name)).Append("</h1>\n")
            .Append("<p>").Append(Encode(t.Render(P.Veileder, "name", person.VeilederName))).Append("</p>\n");
        Message(body, t, message);
        foreach (var section in Sections(page, person, code))
        {
            body.Append(section);
        }

        body.Append(PersonTimeline.Section(page, person.Person.Id.Value, timeline, moreTimeline));

        body.Append("</main>\n");
        return WorkspacePages.Document(t.Render(P.Title, "name", name), body.ToString());
    }

    /// <summary>The page's sections in order; each is a complete <c>&lt;section&gt;</c> with its own heading.</summary>
    public static IEnumerable<string> Sections(PageContext page, PersonDetails person, IssuedLinkCode? code)
    {
        yield return Goal(page, person);
        yield return Plan(page, person);
        yield return Appointments(page, person);
        yield return Phones(page, person);
        yield return WebChatCode(page, person, code);
        yield return CheckIns(page, person);
        yield return Reminders(page, person);
    }

    private static string Goal(PageContext page, PersonDetails person)
    {
        var t = page.Texts;
        var html = Open("goal", t[P.GoalHeading]);
        html.Append("<p>").Append(Encode(person.Person.Goal ?? t[P.GoalNone])).Append("</p>\n");
        return Close(html);
    }

    private static string Plan(PageContext page, PersonDetails person)
    {
        var t = page.Texts;
        var html = Open("plan", t[P.PlanHeading]);
        if (person.Activities.Count == 0)
        {
            html.Append("<p>").Append(Encode(t[P.PlanEmpty])).Append("</p>\n");
            return Close(html);
        }

        html.Append("<table>\n<thead><tr><th scope=\"col\">").Append(Encode(t[P.PlanActivity])).Append("</th><th scope=\"col\">").Append(Encode(t[P.PlanStatus]))
            .Append("</th><th scope=\"col\">").Append(Encode(t[P.PlanDue])).Append("</th><th scope=\"col\">").Append(Encode(t[P.PlanChangedBy]))
            .Append("</th></tr></thead>\n<tbody>\n");
        foreach (var activity in person.Activities)
        {
            html.Append("<tr><td>").Append(Encode(activity.Title));
            if (activity.NeedsVeilederReview)
            {
                html.Append(" <strong class=\"review\">").Append(Encode(t[P.PlanReview])).Append("</strong>");
            }

            html.Append("</td><td>").Append(Encode(t[Status(activity.Status)])).Append("</td><td>")
                .Append(activity.ToDate is { } due ? Encode(due.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)) : "–")
                .Append("</td><td>").Append(Encode(t[ChangedBy(activity.LastChangedBy)])).Append(", ")
                .Append(Encode(WorkspacePages.When(page, activity.UpdatedAt))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        return Close(html);
    }

    private static string Appointments(PageContext page, PersonDetails person)
    {
        var t = page.Texts;
        var html = Open("appointments", t[P.AppointmentsHeading]);
        if (person.Appointments.Count == 0)
        {
            html.Append("<p>").Append(Encode(t[P.AppointmentsEmpty])).Append("</p>\n");
            return Close(html);
        }

        html.Append("<table>\n<thead><tr><th scope=\"col\">").Append(Encode(t[P.AppointmentsWhen])).Append("</th><th scope=\"col\">")
            .Append(Encode(t[P.AppointmentsPlace])).Append("</th><th scope=\"col\">").Append(Encode(t[P.AppointmentsAnswer])).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var appointment in person.Appointments)
        {
            html.Append("<tr><td>").Append(WorkspacePages.TimeElement(page, appointment.StartsAt, WorkspacePages.When(page, appointment.StartsAt)))
                .Append("</td><td>").Append(Encode(appointment.Place)).Append("</td><td>").Append(Encode(t[Attendance(appointment.Attendance)]));
            if (appointment.AnsweredAt is { } answered)
            {
                html.Append(" (").Append(Encode(WorkspacePages.When(page, answered))).Append(')');
            }

            foreach (var sent in person.RemindersSent.Where(r => r.AppointmentId == appointment.Id && r.Outcome == ScheduleOutcome.Sent))
            {
                html.Append("<br>").Append(Encode(t.Render(P.RemindersSent, "when", WorkspacePages.When(page, sent.At))));
            }

            html.Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        return Close(html);
    }

    private static string Phones(PageContext page, PersonDetails person)
    {
        var t = page.Texts;
        var path = PersonEndpoints.PersonPath(person.Person.Id);
        var html = Open("phones", t[P.PhonesHeading]);
        if (person.Phones.Count == 0)
        {
            html.Append("<p>").Append(Encode(t[P.PhonesEmpty])).Append("</p>\n");
        }
        else
        {
            html.Append("<ul class=\"phones\">\n");
            foreach (var phone in person.Phones)
            {
                var id = "phone-" + phone.Number.E164.TrimStart('+');
                html.Append("<li><span id=\"").Append(id).Append("\">").Append(Encode(phone.Number.E164)).Append("</span>");
                if (phone.SharedWithOtherCase)
                {
                    html.Append(" <strong class=\"shared\">").Append(Encode(t[P.PhonesShared])).Append("</strong>");
                }

                if (phone.OptedOut)
                {
                    html.Append(" <strong class=\"opted-out\">").Append(Encode(t[P.PhonesOptedOut])).Append("</strong>");
                }

                html.Append("<form method=\"post\" action=\"").Append(path).Append("/telefoner/fjern\">");
                WorkspacePages.Token(html, page);
                html.Append("<input type=\"hidden\" name=\"phone\" value=\"").Append(Encode(phone.Number.E164)).Append("\">")
                    .Append("<button type=\"submit\" class=\"secondary\" aria-describedby=\"").Append(id).Append("\">").Append(Encode(t[P.PhonesUnlink]))
                    .Append("</button></form></li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("<form method=\"post\" action=\"").Append(path).Append("/telefoner\">\n");
        WorkspacePages.Token(html, page);
        html.Append("<label for=\"phone\">").Append(Encode(t[P.PhonesLinkLabel])).Append("</label>\n")
            .Append("<p class=\"hint\" id=\"phone-hint\">").Append(Encode(t[P.PhonesLinkHint])).Append("</p>\n")
            .Append("<input type=\"tel\" id=\"phone\" name=\"phone\" autocomplete=\"off\" maxlength=\"30\" aria-describedby=\"phone-hint\" required>\n")
            .Append("<button type=\"submit\">").Append(Encode(t[P.PhonesLinkSubmit])).Append("</button>\n</form>\n");
        return Close(html);
    }

    private static string WebChatCode(PageContext page, PersonDetails person, IssuedLinkCode? code)
    {
        var t = page.Texts;
        var html = Open("code", t[P.CodeHeading]);
        html.Append("<p>").Append(Encode(t[P.CodeIntro])).Append("</p>\n");
        if (code is not null)
        {
            html.Append("<p class=\"result code\" role=\"status\"><strong>").Append(Encode(t.Render(P.CodeShown, "code", code.Code))).Append("</strong> ")
                .Append(Encode(t.Render(P.CodeExpires, "when", WorkspacePages.When(page, code.ExpiresAt)))).Append("</p>\n");
        }

        html.Append("<form method=\"post\" action=\"").Append(PersonEndpoints.PersonPath(person.Person.Id)).Append("/kode\">");
        WorkspacePages.Token(html, page);
        html.Append("<button type=\"submit\">").Append(Encode(t[P.CodeSubmit])).Append("</button></form>\n");
        return Close(html);
    }

    private static string CheckIns(PageContext page, PersonDetails person)
    {
        var t = page.Texts;
        var path = PersonEndpoints.PersonPath(person.Person.Id);
        var html = Open("checkins", t[P.CheckinHeading]);
        html.Append("<p>").Append(Encode(t[P.CheckinIntro])).Append("</p>\n");
        if (person.CheckIns.Count == 0)
        {
            html.Append("<p>").Append(Encode(t[P.CheckinEmpty])).Append("</p>\n");
        }
        else
        {
            html.Append("<ul class=\"schedules\">\n");
            foreach (var schedule in person.CheckIns)
            {
                var sid = schedule.Id.Value.ToString("D");
                var action = $"{path}/innsjekk/{sid}";
                html.Append("<li id=\"checkin-").Append(sid).Append("\"><p id=\"checkin-").Append(sid).Append("-title\"><strong>")
                    .Append(Encode(t.Render(P.CheckinItem, new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["day"] = t[Day(schedule.Day)],
                        ["time"] = Time(schedule.Time),
                        ["phone"] = schedule.Phone.E164,
                    }))).Append("</strong> · ");
                html.Append(schedule.Active
                    ? Encode(t.Render(P.CheckinNext, "when", WorkspacePages.When(page, schedule.NextDueAt)))
                    : $"<strong>{Encode(t[P.CheckinPaused])}</strong>");
                if (schedule.LastOutcome is { } outcome)
                {
                    html.Append(" · ").Append(Encode(t.Render(P.CheckinLast, "outcome", t[Outcome(outcome)])));
                }

                html.Append("</p>\n");
                var described = $" aria-describedby=\"checkin-{sid}-title\"";
                html.Append("<form method=\"post\" action=\"").Append(action).Append(schedule.Active ? "/pause" : "/fortsett").Append("\">");
                WorkspacePages.Token(html, page);
                html.Append("<button type=\"submit\" class=\"secondary\"").Append(described).Append('>')
                    .Append(Encode(t[schedule.Active ? P.CheckinPause : P.CheckinResume])).Append("</button></form>\n")
                    .Append("<details><summary").Append(described).Append('>').Append(Encode(t[P.CheckinChange])).Append("</summary>\n");
                ScheduleForm(html, page, person, action, "-" + sid, schedule.Day, schedule.Time, schedule.Phone);
                html.Append("</details>\n</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("<h3>").Append(Encode(t[P.CheckinAdd])).Append("</h3>\n");
        if (person.Phones.Count == 0)
        {
            html.Append("<p>").Append(Encode(t[P.CheckinNoPhone])).Append("</p>\n");
        }
        else
        {
            ScheduleForm(html, page, person, $"{path}/innsjekk", string.Empty, null, null, null);
        }

        return Close(html);
    }

    private static void ScheduleForm(
        StringBuilder html, PageContext page, PersonDetails person, string action, string suffix, DayOfWeek? day, TimeOnly? time, PhoneNumber? phone)
    {
        var t = page.Texts;
        html.Append("<form method=\"post\" class=\"schedule\" action=\"").Append(action).Append("\">\n");
        WorkspacePages.Token(html, page);
        html.Append("<label for=\"day").Append(suffix).Append("\">").Append(Encode(t[P.FieldDay])).Append("</label>\n")
            .Append("<select id=\"day").Append(suffix).Append("\" name=\"day\" required>\n");
        foreach (var d in Week)
        {
            html.Append("<option value=\"").Append(d.ToString()).Append('"').Append(d == day ? " selected" : string.Empty).Append('>')
                .Append(Encode(t[Day(d)])).Append("</option>\n");
        }

        html.Append("</select>\n")
            .Append("<label for=\"time").Append(suffix).Append("\">").Append(Encode(t[P.FieldTime])).Append("</label>\n")
            .Append("<input type=\"time\" id=\"time").Append(suffix).Append("\" name=\"time\" min=\"08:00\" max=\"19:30\" required value=\"")
            .Append(time is { } tm ? Time(tm) : "10:00").Append("\">\n")
            .Append("<label for=\"checkin-phone").Append(suffix).Append("\">").Append(Encode(t[P.FieldPhone])).Append("</label>\n");
        PhoneSelect(html, person, "checkin-phone" + suffix, phone);
        html.Append("<button type=\"submit\">").Append(Encode(t[P.CheckinSave])).Append("</button>\n</form>\n");
    }

    private static string Reminders(PageContext page, PersonDetails person)
    {
        var t = page.Texts;
        var path = PersonEndpoints.PersonPath(person.Person.Id);
        var html = Open("reminders", t[P.RemindersHeading]);
        html.Append("<p>").Append(Encode(t[P.RemindersIntro])).Append("</p>\n<p><strong>");
        var setting = person.Reminders;
        html.Append(Encode(setting switch
        {
            null => t[P.RemindersOff],
            { Active: true } => t.Render(P.RemindersOn, "phone", setting.Phone.E164),
            _ => t.Render(P.RemindersPaused, "phone", setting.Phone.E164),
        })).Append("</strong></p>\n");
        if (setting is { Active: true })
        {
            html.Append("<form method=\"post\" action=\"").Append(path).Append("/paminnelser\">");
            WorkspacePages.Token(html, page);
            html.Append("<input type=\"hidden\" name=\"active\" value=\"off\"><button type=\"submit\" class=\"secondary\">")
                .Append(Encode(t[P.RemindersPause])).Append("</button></form>\n");
        }
        else if (person.Phones.Count == 0)
        {
            html.Append("<p>").Append(Encode(t[P.CheckinNoPhone])).Append("</p>\n");
        }
        else
        {
            html.Append("<form method=\"post\" action=\"").Append(path).Append("/paminnelser\">\n");
            WorkspacePages.Token(html, page);
            html.Append("<input type=\"hidden\" name=\"active\" value=\"on\">\n")
                .Append("<label for=\"reminder-phone\">").Append(Encode(t[P.FieldPhone])).Append("</label>\n");
            PhoneSelect(html, person, "reminder-phone", setting?.Phone);
            html.Append("<button type=\"submit\">").Append(Encode(t[P.RemindersTurnOn])).Append("</button>\n</form>\n");
        }

        return Close(html);
    }

    private static void PhoneSelect(StringBuilder html, PersonDetails person, string id, PhoneNumber? selected)
    {
        html.Append("<select id=\"").Append(id).Append("\" name=\"phone\" required>\n");
        foreach (var phone in person.Phones)
        {
            html.Append("<option value=\"").Append(Encode(phone.Number.E164)).Append('"').Append(phone.Number == selected ? " selected" : string.Empty).Append('>')
                .Append(Encode(phone.Number.E164)).Append("</option>\n");
        }

        html.Append("</select>\n");
    }

    private static void Nav(StringBuilder body, WorkspaceTexts t, string? current)
    {
        body.Append("<nav aria-label=\"").Append(Encode(t[P.NavPersons])).Append("\" class=\"crumbs\"><a href=\"").Append(WorkspaceEndpoints.InboxPath).Append("\">")
            .Append(Encode(t[P.NavInbox])).Append("</a>");
        if (current is not null)
        {
            body.Append(" › <a href=\"").Append(PersonEndpoints.ListPath).Append("\">").Append(Encode(t[P.NavPersons])).Append("</a>");
        }

        body.Append("</nav>\n");
    }

    private static void Message(StringBuilder body, WorkspaceTexts t, PersonPageMessage? message)
    {
        if (message is null)
        {
            return;
        }

        if (!message.Error)
        {
            WorkspacePages.Result(body, t, message.Text, error: false);
            return;
        }

        // An error summary at the top, linking to the field that needs fixing.
        body.Append("<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-heading\">\n<h2 id=\"error-summary-heading\">")
            .Append(Encode(t[P.ErrorsHeading])).Append("</h2>\n<ul>\n<li>");
        if (message.Field is { } field)
        {
            body.Append("<a href=\"#").Append(Encode(field)).Append("\">").Append(Encode(t[message.Text])).Append("</a>");
        }
        else
        {
            body.Append(Encode(t[message.Text]));
        }

        body.Append("</li>\n</ul>\n</div>\n");
    }

    private static StringBuilder Open(string id, string heading) =>
        new StringBuilder("<section aria-labelledby=\"").Append(id).Append("-heading\" id=\"").Append(id).Append("\">\n<h2 id=\"").Append(id).Append("-heading\">")
            .Append(Encode(heading)).Append("</h2>\n");

    private static string Close(StringBuilder html) => html.Append("</section>\n").ToString();

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static TextId Day(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => P.DayMonday,
        DayOfWeek.Tuesday => P.DayTuesday,
        DayOfWeek.Wednesday => P.DayWednesday,
        DayOfWeek.Thursday => P.DayThursday,
        DayOfWeek.Friday => P.DayFriday,
        DayOfWeek.Saturday => P.DaySaturday,
        _ => P.DaySunday,
    };

    private static TextId Status(ActivityStatus status) => status switch
    {
        ActivityStatus.Forslag => P.StatusForslag,
        ActivityStatus.Planlagt => P.StatusPlanlagt,
        ActivityStatus.Gjennomfores => P.StatusGjennomfores,
        ActivityStatus.Fullfort => P.StatusFullfort,
        _ => P.StatusAvbrutt,
    };

    private static TextId ChangedBy(ChangedBy by) => by switch
    {
        Dialogue.Plan.Domain.ChangedBy.Bruker => P.ChangedBruker,
        Dialogue.Plan.Domain.ChangedBy.Bot => P.ChangedBot,
        _ => P.ChangedVeileder,
    };

    private static TextId Attendance(Attendance attendance) => attendance switch
    {
        Dialogue.Plan.Domain.Attendance.Coming => P.AttendanceComing,
        Dialogue.Plan.Domain.Attendance.NotComing => P.AttendanceNotComing,
        Dialogue.Plan.Domain.Attendance.NeedsNewTime => P.AttendanceNewTime,
        _ => P.AttendanceUnanswered,
    };

    private static TextId Outcome(ScheduleOutcome outcome) => outcome switch
    {
        ScheduleOutcome.Sent => P.OutcomeSent,
        ScheduleOutcome.OptedOut => P.OutcomeOptedOut,
        ScheduleOutcome.PhoneNotUsable => P.OutcomePhoneNotUsable,
        ScheduleOutcome.Missed => P.OutcomeMissed,
        _ => P.OutcomeWithheld,
    };
}
