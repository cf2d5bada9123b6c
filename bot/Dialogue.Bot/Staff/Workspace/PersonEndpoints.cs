using Dialogue.Cases.Retention;
using Dialogue.Cases.Journal;
using Dialogue.Cases.Audit;
using Dialogue.Bot.Staff.Audit;
using System.Text.RegularExpressions;
using Dialogue.Bot.Endpoints;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Cases.People;
using Dialogue.Cases.Safety;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Microsoft.AspNetCore.Antiforgery;
using P = Dialogue.Bot.Staff.Workspace.PersonTexts;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>
/// The person list and person page (<c>/veileder/personer</c>), and the forms on it. Veileder and team lead of the
/// person's office only (another office's person is a 404, with nothing of it in the answer); not signed in goes to the
/// login page. Forms carry an antiforgery token (checked first), then post-redirect-get with the outcome in
/// <c>?r=</c> (and the field with the error in <c>?f=</c>); the one-time web chat code is the exception: it is shown in
/// the answer to the form itself, once, and never put in a URL.
/// </summary>
public static partial class PersonEndpoints
{
    public const string ListPath = "/veileder/personer";

    private static readonly IReadOnlyDictionary<string, PersonPageMessage> Outcomes = new Dictionary<string, PersonPageMessage>(StringComparer.Ordinal)
    {
        ["linked"] = new(P.ResultLinked, false),
        ["linked-shared"] = new(P.ResultLinkedShared, false),
        ["unlinked"] = new(P.ResultUnlinked, false),
        ["checkin-saved"] = new(P.ResultCheckinSaved, false),
        ["checkin-paused"] = new(P.ResultCheckinPaused, false),
        ["checkin-resumed"] = new(P.ResultCheckinResumed, false),
        ["reminders-saved"] = new(P.ResultRemindersSaved, false),
        ["phone-invalid"] = new(P.ErrorPhoneInvalid, true),
        ["phone-exists"] = new(P.ErrorPhoneExists, true),
        ["phone-not-linked"] = new(P.ErrorPhoneNotLinked, true),
        ["day"] = new(P.ErrorDay, true),
        ["time"] = new(P.ErrorTime, true),
        ["conflict"] = new(P.ErrorConflict, true),
    };

    /// <summary>Readable Norwegian in the export (æ, ø, å as they are); characters that matter in HTML stay escaped.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions ExportJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static string PersonPath(PersonId id) => $"{ListPath}/{id.Value:D}";

    public static IEndpointRouteBuilder MapPersonPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(ListPath).RequireAuthorization(StaffPolicies.Staff);
        pages.MapGet("/", ListAsync);
        pages.MapGet("/{id:guid}", PersonAsync);
        pages.MapGet("/{id:guid}/eksport.json", ExportAsync);
        pages.MapPost("/{id:guid}/telefoner", (Guid id, HttpContext http, PersonDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, id, null, (actor, form, ct) => desk.LinkPhoneAsync(actor, new PersonId(id), form["phone"].ToString(), ct)));
        pages.MapPost("/{id:guid}/telefoner/fjern", (Guid id, HttpContext http, PersonDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, id, null, (actor, form, ct) => desk.UnlinkPhoneAsync(actor, new PersonId(id), form["phone"].ToString(), ct)));
        pages.MapPost("/{id:guid}/kode", IssueCodeAsync);
        pages.MapPost("/{id:guid}/innsjekk", (Guid id, HttpContext http, PersonDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, id, null, (actor, form, ct) => desk.AddCheckInAsync(actor, new PersonId(id), Form(form), ct)));
        pages.MapPost("/{id:guid}/innsjekk/{scheduleId:guid}", (Guid id, Guid scheduleId, HttpContext http, PersonDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, id, $"-{scheduleId:D}", (actor, form, ct) => desk.ChangeCheckInAsync(actor, new PersonId(id), scheduleId, Form(form), ct)));
        pages.MapPost("/{id:guid}/innsjekk/{scheduleId:guid}/pause", (Guid id, Guid scheduleId, HttpContext http, PersonDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, id, null, (actor, _, ct) => desk.PauseCheckInAsync(actor, new PersonId(id), scheduleId, ct)));
        pages.MapPost("/{id:guid}/innsjekk/{scheduleId:guid}/fortsett", (Guid id, Guid scheduleId, HttpContext http, PersonDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, id, null, (actor, _, ct) => desk.ResumeCheckInAsync(actor, new PersonId(id), scheduleId, ct)));
        pages.MapPost("/{id:guid}/paminnelser", (Guid id, HttpContext http, PersonDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, id, null, (actor, form, ct) =>
                desk.SetRemindersAsync(actor, new PersonId(id), string.Equals(form["active"].ToString(), "on", StringComparison.Ordinal), form["phone"].ToString(), ct)));
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, PersonDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts, string? q)
    {
        var (page, actor) = WorkspaceEndpoints.Context(http, antiforgery, texts);
        var persons = await desk.ListAsync(actor, q, http.RequestAborted).ConfigureAwait(false);
        return WorkspaceEndpoints.Html(http, PersonPages.List(page, persons, q));
    }

    private static async Task<IResult> PersonAsync(
        Guid id, HttpContext http, PersonDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts, string? r, string? f, DateTimeOffset? before) =>
        await RenderPersonAsync(http, desk, antiforgery, texts, new PersonId(id), Message(r, f), code: null, before).ConfigureAwait(false);

    private static async Task<IResult> IssueCodeAsync(Guid id, HttpContext http, PersonDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts)
    {
        if (await RefusedAsync(http, antiforgery, texts).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var issued = await desk.IssueCodeAsync(EscalationEndpoints.Actor(http), new PersonId(id), http.RequestAborted).ConfigureAwait(false);
        return issued is null
            ? WorkspaceEndpoints.NotFound(http, texts)
            : await RenderPersonAsync(http, desk, antiforgery, texts, new PersonId(id), null, issued, before: null).ConfigureAwait(false);
    }

    /// <summary>
    /// Everything stored about the person as one JSON document (innsyn: a person's right to see their data), for staff
    /// of the person's office; audited as person.export before anything is returned.
    /// </summary>
    private static async Task<IResult> ExportAsync(
        Guid id, HttpContext http, PersonDesk desk, PersonExport export, StaffAudit audit, WorkspaceTexts texts, TimeProvider clock)
    {
        var person = new PersonId(id);
        var found = await desk.GetAsync(EscalationEndpoints.Actor(http), person, http.RequestAborted).ConfigureAwait(false) is not null;
        await audit.RecordAsync(http, AuditAction.PersonExport, found ? AccessDecision.Permit : AccessDecision.Deny,
            found ? person : null, $"person:{id:D}", http.RequestAborted).ConfigureAwait(false);
        var document = found ? await export.ExportAsync(person, http.RequestAborted).ConfigureAwait(false) : null;
        if (document is null)
        {
            return WorkspaceEndpoints.NotFound(http, texts);
        }

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition =
            $"attachment; filename=\"person-{id:D}-{clock.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}.json\"";
        return Results.Text(document.ToJsonString(ExportJson), "application/json; charset=utf-8");
    }

    /// <summary>The person page, with the newest of the case record (or those before <paramref name="before"/>); every view is audited as person.read.</summary>
    private static async Task<IResult> RenderPersonAsync(
        HttpContext http, PersonDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts, PersonId id, PersonPageMessage? message, IssuedLinkCode? code,
        DateTimeOffset? before)
    {
        var (page, actor) = WorkspaceEndpoints.Context(http, antiforgery, texts);
        var person = await desk.GetAsync(actor, id, http.RequestAborted).ConfigureAwait(false);
        var audit = http.RequestServices.GetRequiredService<StaffAudit>();
        await audit.RecordAsync(http, AuditAction.PersonRead, person is null ? AccessDecision.Deny : AccessDecision.Permit,
            person is null ? null : id, $"person:{id.Value:D}", http.RequestAborted).ConfigureAwait(false);
        if (person is null)
        {
            return WorkspaceEndpoints.NotFound(http, texts);
        }

        var journal = http.RequestServices.GetRequiredService<CaseJournal>();
        var timeline = await journal.TimelineAsync(id, before, PersonTimeline.PageSize + 1, http.RequestAborted).ConfigureAwait(false);
        return WorkspaceEndpoints.Html(http, PersonPages.Person(page, person, message, code, timeline.Take(PersonTimeline.PageSize).ToList(), timeline.Count > PersonTimeline.PageSize));
    }

    /// <summary>A form's action: antiforgery first (400), then the desk; 303 back to the person page with the outcome, or 404.</summary>
    private static async Task<IResult> ActAsync(
        HttpContext http, IAntiforgery antiforgery, WorkspaceTexts texts, Guid id, string? fieldSuffix,
        Func<StaffActor, IFormCollection, CancellationToken, Task<PersonActionResult>> act)
    {
        if (await RefusedAsync(http, antiforgery, texts).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var result = await act(EscalationEndpoints.Actor(http), form, http.RequestAborted).ConfigureAwait(false);
        if (result.Status == StaffActionStatus.NotFound)
        {
            return WorkspaceEndpoints.NotFound(http, texts);
        }

        var location = PersonPath(new PersonId(id)) + result.Status switch
        {
            StaffActionStatus.Done => $"?r={result.Code}",
            StaffActionStatus.Invalid when result.Field is { } field => $"?r={result.Code}&f={field}{fieldSuffix}#error-summary-heading",
            _ => "?r=conflict",
        };
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult?> RefusedAsync(HttpContext http, IAntiforgery antiforgery, WorkspaceTexts texts)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return WorkspaceEndpoints.Html(http, WorkspacePages.Problem(texts, T.RefusedTitle, T.RefusedText), StatusCodes.Status400BadRequest);
        }
    }

    private static CheckInForm Form(IFormCollection form) => new(form["day"].ToString(), form["time"].ToString(), form["phone"].ToString());

    private static PersonPageMessage? Message(string? code, string? field) =>
        code is not null && Outcomes.TryGetValue(code, out var message)
            ? message with { Field = message.Error && field is not null && FieldId().IsMatch(field) ? field : null }
            : null;

    [GeneratedRegex("^[a-z]+(-[a-z]+)*(-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$")]
    private static partial Regex FieldId();
}
