using Dialogue.Bot.Endpoints;
using System.Text;
using Dialogue.Bot.Staff.Audit;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Cases.Audit;
using Dialogue.Cases.Safety;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Microsoft.AspNetCore.Antiforgery;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>
/// The staff workspace at <c>/veileder</c>: the office's inbox (escalations, most urgent first, and contact requests),
/// a taken-over conversation at <c>/veileder/samtaler/{id}</c>, and the forms behind their buttons. Pages are
/// rendered on the server; <c>/veileder/inbox.js</c> listens to <c>/veileder/api/events</c> and fetches the
/// fragments again, so a new escalation shows at once. Every form carries an antiforgery token, checked before
/// anything is done; only the signed-in user's office is ever visible (anything else is a 404).
/// </summary>
public static class WorkspaceEndpoints
{
    public const string InboxPath = StaffPaths.Workspace;
    public const string InboxFragmentPath = "/veileder/inbox-fragment";
    public const string EscalationsPath = "/veileder/escalations";
    public const string ContactRequestsPath = "/veileder/contact-requests";
    public const string EnquiriesPath = "/veileder/enquiries";
    public const string ConversationsPath = "/veileder/samtaler";

    /// <summary>What an action's outcome is called in <c>?r=</c> after the redirect, and the text the page shows for it.</summary>
    private static readonly IReadOnlyDictionary<string, (TextId Text, bool Error)> Outcomes = new Dictionary<string, (TextId, bool)>(StringComparer.Ordinal)
    {
        ["acknowledged"] = (T.ResultAcknowledged, false),
        ["in-contact"] = (T.ResultInContact, false),
        ["resolved"] = (T.ResultResolved, false),
        ["contact-done"] = (T.ResultContactDone, false),
        ["answered"] = (EnquiryTexts.ResultAnswered, false),
        ["enquiry-note-invalid"] = (EnquiryTexts.ResultNoteInvalid, true),
        ["sent"] = (T.ResultSent, false),
        ["handed-back"] = (T.ResultHandedBack, false),
        ["conflict"] = (T.ResultConflict, true),
        ["note-missing"] = (T.ResultNoteMissing, true),
        ["message-invalid"] = (T.ResultMessageInvalid, true),
    };

    public static string ConversationPath(Guid handoffId) => $"{ConversationsPath}/{handoffId:D}";

    /// <summary>Antiforgery for the workspace's forms: a cookie only for <c>/veileder</c>, same-site only.</summary>
    public static IServiceCollection AddStaffWorkspace(this IServiceCollection services, bool development)
    {
        services.AddSingleton(WorkspaceTexts.Bokmal);
        services.AddSingleton<EscalationHistory>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "Dialogue.Staff.Form";
            o.Cookie.Path = StaffPaths.Workspace;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapStaffWorkspace(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(StaffPaths.Workspace).RequireAuthorization(StaffPolicies.Staff);

        pages.MapGet("/", InboxAsync);
        pages.MapGet("/inbox-fragment", InboxFragmentAsync);
        pages.MapPost("/escalations/{id:guid}/acknowledge", (Guid id, HttpContext http, StaffDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, InboxPath, "acknowledged", null, (actor, _, ct) => desk.AcknowledgeAsync(actor, id, ct)));
        pages.MapPost("/escalations/{id:guid}/in-contact", (Guid id, HttpContext http, StaffDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, InboxPath, "in-contact", null, (actor, _, ct) => desk.MarkInContactAsync(actor, id, ct)));
        pages.MapPost("/escalations/{id:guid}/resolve", (Guid id, HttpContext http, StaffDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, InboxPath, "resolved", "note-missing", (actor, form, ct) => desk.ResolveAsync(actor, id, form["note"].ToString(), ct)));
        pages.MapPost("/escalations/{id:guid}/takeover", (Guid id, HttpContext http, StaffDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, InboxPath, null, null, (actor, _, ct) => desk.TakeOverAsync(actor, id, ct)));
        pages.MapPost("/contact-requests/{id:guid}/done", (Guid id, HttpContext http, StaffDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, InboxPath, "contact-done", null, (actor, _, ct) => desk.CompleteContactRequestAsync(actor, id, ct)));
        pages.MapPost("/enquiries/{id:guid}/answered", (Guid id, HttpContext http, EnquiryDesk enquiries, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, InboxPath, "answered", "enquiry-note-invalid",
                (actor, form, ct) => enquiries.MarkAnsweredAsync(actor, id, form["note"].ToString(), ct)));

        pages.MapGet("/samtaler/{id:guid}", ConversationAsync);
        pages.MapGet("/samtaler/{id:guid}/fragment", TranscriptFragmentAsync);
        pages.MapPost("/samtaler/{id:guid}/messages", (Guid id, HttpContext http, StaffDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, ConversationPath(id), "sent", "message-invalid", (actor, form, ct) => desk.SendAsync(actor, id, form["text"].ToString(), ct)));
        pages.MapPost("/samtaler/{id:guid}/end", (Guid id, HttpContext http, StaffDesk desk, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            ActAsync(http, antiforgery, texts, ConversationPath(id), "handed-back", null, (actor, _, ct) => desk.EndHandoffAsync(actor, id, ct)));
        return app;
    }

    private static async Task<IResult> InboxAsync(
        HttpContext http, StaffDesk desk, EnquiryDesk enquiries, EscalationHistory history, IAntiforgery antiforgery, WorkspaceTexts texts, string? r)
    {
        var (page, actor) = Context(http, antiforgery, texts);
        var lists = await InboxDataAsync(desk, enquiries, history, actor, http.RequestAborted).ConfigureAwait(false);
        var (result, error) = Outcome(r);
        return Html(http, WorkspacePages.Inbox(page, lists, result, error));
    }

    private static async Task<IResult> InboxFragmentAsync(
        HttpContext http, StaffDesk desk, EnquiryDesk enquiries, EscalationHistory history, IAntiforgery antiforgery, WorkspaceTexts texts)
    {
        var (page, actor) = Context(http, antiforgery, texts);
        var lists = await InboxDataAsync(desk, enquiries, history, actor, http.RequestAborted).ConfigureAwait(false);
        return Html(http, WorkspacePages.InboxLists(page, lists));
    }

    private static async Task<InboxLists> InboxDataAsync(
        StaffDesk desk, EnquiryDesk enquiries, EscalationHistory history, StaffActor actor, CancellationToken cancellationToken)
    {
        var escalations = await desk.InboxAsync(actor, cancellationToken).ConfigureAwait(false);
        return new(escalations,
            await enquiries.OpenAsync(actor, cancellationToken).ConfigureAwait(false),
            await desk.ContactRequestsAsync(actor, cancellationToken).ConfigureAwait(false),
            await history.ForAsync(actor, escalations.Select(e => e.Id).ToList(), cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> ConversationAsync(
        Guid id, HttpContext http, StaffDesk desk, StaffAudit audit, IAntiforgery antiforgery, WorkspaceTexts texts, string? r)
    {
        var (page, actor) = Context(http, antiforgery, texts);
        if (await ReadTranscriptAsync(id, http, desk, audit, actor).ConfigureAwait(false) is not { } handoff)
        {
            return NotFound(http, texts);
        }

        var (result, error) = Outcome(r);
        var name = await PersonNameAsync(desk, actor, handoff, texts, http.RequestAborted).ConfigureAwait(false);
        var history = handoff.EscalationId is { } escalationId
            && await desk.GetAsync(actor, escalationId, http.RequestAborted).ConfigureAwait(false) is { } details
            ? details.History
            : null;
        return Html(http, WorkspacePages.Conversation(page, handoff, name, result, error, history));
    }

    private static async Task<IResult> TranscriptFragmentAsync(
        Guid id, HttpContext http, StaffDesk desk, StaffAudit audit, IAntiforgery antiforgery, WorkspaceTexts texts)
    {
        var (page, actor) = Context(http, antiforgery, texts);
        if (await ReadTranscriptAsync(id, http, desk, audit, actor).ConfigureAwait(false) is not { } handoff)
        {
            return NotFound(http, texts);
        }

        var name = await PersonNameAsync(desk, actor, handoff, texts, http.RequestAborted).ConfigureAwait(false);
        return Html(http, WorkspacePages.Transcript(page, handoff, name));
    }

    /// <summary>
    /// Reads a handoff's transcript for the page or its fragment, and audits the read before anything is shown: one
    /// <c>transcript.read</c> row per view (refused when the handoff is not in the caller's office).
    /// </summary>
    private static async Task<HandoffDetails?> ReadTranscriptAsync(Guid id, HttpContext http, StaffDesk desk, StaffAudit audit, StaffActor actor)
    {
        var handoff = await desk.HandoffAsync(actor, id, http.RequestAborted).ConfigureAwait(false);
        await audit.RecordAsync(
            http, AuditAction.TranscriptRead, handoff is null ? AccessDecision.Deny : AccessDecision.Permit,
            handoff?.PersonId is { } person ? new PersonId(person) : null, $"handoff:{id:D}", http.RequestAborted).ConfigureAwait(false);
        return handoff;
    }

    /// <summary>
    /// A form's action: the antiforgery token first (400 without a valid one), then the desk. Done → 303 to the page
    /// (the conversation after a takeover); refused → 303 back with what went wrong; another office's → 404.
    /// </summary>
    private static async Task<IResult> ActAsync(
        HttpContext http, IAntiforgery antiforgery, WorkspaceTexts texts, string back, string? done, string? invalid,
        Func<StaffActor, IFormCollection, CancellationToken, Task<StaffActionResult>> act)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return Html(http, WorkspacePages.Problem(texts, T.RefusedTitle, T.RefusedText), StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var result = await act(EscalationEndpoints.Actor(http), form, http.RequestAborted).ConfigureAwait(false);
        var location = result.Status switch
        {
            StaffActionStatus.NotFound => null,
            StaffActionStatus.Done when done is null && result.HandoffId is { } handoff => ConversationPath(handoff),
            StaffActionStatus.Done => done is null ? back : $"{back}?r={done}",
            StaffActionStatus.Invalid when invalid is not null => $"{back}?r={invalid}",
            _ => $"{back}?r=conflict",
        };
        if (location is null)
        {
            return NotFound(http, texts);
        }

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<string> PersonNameAsync(StaffDesk desk, StaffActor actor, HandoffDetails handoff, WorkspaceTexts texts, CancellationToken cancellationToken)
    {
        if (handoff.EscalationId is { } escalationId
            && await desk.GetAsync(actor, escalationId, cancellationToken).ConfigureAwait(false) is { Escalation: var escalation })
        {
            return escalation.PersonName ?? $"{texts[T.UnknownNumber]} {escalation.SenderAddress}";
        }

        return texts[T.ConversationThePerson];
    }

    internal static (PageContext Page, StaffActor Actor) Context(HttpContext http, IAntiforgery antiforgery, WorkspaceTexts texts)
    {
        var actor = EscalationEndpoints.Actor(http);
        var user = StaffUser.From(http.User)!;
        var tokens = antiforgery.GetAndStoreTokens(http);
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var development = http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment();
        var page = new PageContext(texts, user.DisplayName, user.Ident.Value, user.Office.Value, tokens.FormFieldName, tokens.RequestToken ?? string.Empty,
            clock.GetUtcNow(), CanSignOut: development)
        {
            Path = http.Request.Path.Value ?? StaffPaths.Workspace,
            TeamLead = user.Role == Plan.Domain.StaffRole.TeamLead,
            Problems = http.RequestServices.GetService<Dialogue.Cases.Health.DependencyStatus>()?.StaffProblems() ?? [],
        };
        return (page, actor);
    }

    private static (TextId? Text, bool Error) Outcome(string? code) =>
        code is not null && Outcomes.TryGetValue(code, out var outcome) ? (outcome.Text, outcome.Error) : ((TextId?)null, false);

    internal static IResult NotFound(HttpContext http, WorkspaceTexts texts) =>
        Html(http, WorkspacePages.Problem(texts, T.NotFoundTitle, T.NotFoundText), StatusCodes.Status404NotFound);

    /// <summary>
    /// A workspace page or fragment with the headers it needs: a CSP without inline script or style (only this site's
    /// script, stylesheet, and connections for the live updates), no framing, no caching.
    /// </summary>
    internal static IResult Html(HttpContext http, string html, int statusCode = StatusCodes.Status200OK) =>
        HtmlPages.Result(http, html,
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            statusCode: statusCode);
}
