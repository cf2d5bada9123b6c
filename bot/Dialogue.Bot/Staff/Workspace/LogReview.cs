using System.Globalization;
using System.Text;
using System.Text.Json;
using Dialogue.Bot.Endpoints;
using Dialogue.Bot.Staff.Audit;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Cases.Audit;
using Dialogue.Cases.Journal;
using Dialogue.Cases.Persistence;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Screening;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using L = Dialogue.Bot.Staff.Workspace.LogTexts;
using T = Dialogue.Bot.Staff.Workspace.WorkspaceTexts;

using static Dialogue.Bot.Staff.StaffHtml;

namespace Dialogue.Bot.Staff.Workspace;

/// <summary>The log review's texts (<c>Staff/Texts/nb.logg.json</c>).</summary>
[WorkspaceTextIds]
public static class LogTexts
{
    public static readonly TextId Title = new("logg.title");
    public static readonly TextId Intro = new("logg.intro");
    public static readonly TextId FilterHeading = new("logg.filter.heading");
    public static readonly TextId Person = new("logg.filter.person");
    public static readonly TextId PersonAll = new("logg.filter.person_all");
    public static readonly TextId From = new("logg.filter.from");
    public static readonly TextId To = new("logg.filter.to");
    public static readonly TextId Channel = new("logg.filter.channel");
    public static readonly TextId ChannelAll = new("logg.filter.channel_all");
    public static readonly TextId ChannelSms = new("logg.channel.sms");
    public static readonly TextId ChannelWeb = new("logg.channel.web");
    public static readonly TextId ChannelOther = new("logg.channel.other");
    public static readonly TextId Risk = new("logg.filter.risk");
    public static readonly TextId RiskAll = new("logg.filter.risk_all");
    public static readonly TextId RiskModerate = new("logg.filter.risk_moderate");
    public static readonly TextId RiskHigh = new("logg.filter.risk_high");
    public static readonly TextId RiskAcute = new("logg.filter.risk_acute");
    public static readonly TextId Text = new("logg.filter.text");
    public static readonly TextId TextHint = new("logg.filter.text_hint");
    public static readonly TextId Search = new("logg.filter.search");
    public static readonly TextId ErrorHeading = new("logg.error.heading");
    public static readonly TextId ErrorDate = new("logg.error.date");
    public static readonly TextId ErrorRange = new("logg.error.range");
    public static readonly TextId ResultsHeading = new("logg.results.heading");
    public static readonly TextId ResultsNone = new("logg.results.none");
    public static readonly TextId ColumnPerson = new("logg.column.person");
    public static readonly TextId ColumnWhen = new("logg.column.when");
    public static readonly TextId ColumnChannel = new("logg.column.channel");
    public static readonly TextId ColumnMessages = new("logg.column.messages");
    public static readonly TextId ColumnRisk = new("logg.column.risk");
    public static readonly TextId ColumnOpen = new("logg.column.open");
    public static readonly TextId Read = new("logg.read");
    public static readonly TextId RiskNone = new("logg.risk.none");
    public static readonly TextId Next = new("logg.next");
    public static readonly TextId Previous = new("logg.previous");
    public static readonly TextId TranscriptTitle = new("logg.transcript.title");
    public static readonly TextId TranscriptMeta = new("logg.transcript.meta");
    public static readonly TextId TranscriptAudited = new("logg.transcript.audited");
    public static readonly TextId BackToSearch = new("logg.back");
    public static readonly TextId ExportJson = new("logg.export.json");
    public static readonly TextId Print = new("logg.export.print");
    public static readonly TextId PrintTitle = new("logg.print.title");
    public static readonly TextId PrintedBy = new("logg.print.printed_by");
    public static readonly TextId Redacted = new("logg.line.redacted");
    public static readonly TextId Delivery = new("logg.line.delivery");
    public static readonly TextId DeliveryDelivered = new("logg.delivery.delivered");
    public static readonly TextId DeliverySent = new("logg.delivery.sent");
    public static readonly TextId DeliveryFailed = new("logg.delivery.failed");
    public static readonly TextId DeliveryQueued = new("logg.delivery.queued");
}

/// <summary>
/// Log review (samtalelogg) at <c>/veileder/logg</c>: search the office's conversations by person, date range,
/// channel, risk level and text; read one (audited: <c>transcript.read</c>), export it as JSON or print it (audited:
/// <c>transcript.export</c>). A conversation is a session of the case record (see <see cref="CaseJournal"/>); its key
/// travels in the path base64url-encoded. Only the signed-in member of staff's office: anything else is a 404, and the
/// refused look is audited too.
/// </summary>
public static class LogReview
{
    public const string Path = WorkspaceNav.LogPath;
    public const int PageSize = 25;
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string TranscriptPath(Guid person, string sessionKey) =>
        $"{Path}/{person:D}/{WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(sessionKey))}";

    public static IEndpointRouteBuilder MapLogReview(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(Path).RequireAuthorization(StaffPolicies.Staff);
        pages.MapGet("/", SearchAsync);
        pages.MapGet("/{personId:guid}/{session}", (Guid personId, string session, HttpContext http, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            TranscriptAsync(personId, session, http, antiforgery, texts, print: false));
        pages.MapGet("/{personId:guid}/{session}/utskrift", (Guid personId, string session, HttpContext http, IAntiforgery antiforgery, WorkspaceTexts texts) =>
            TranscriptAsync(personId, session, http, antiforgery, texts, print: true));
        pages.MapGet("/{personId:guid}/{session}/eksport.json", ExportAsync);
        return app;
    }

    /// <summary>What the search form holds, as given (so the form shows it again), with what was wrong with it.</summary>
    internal sealed record Filter(string? Person, string? From, string? To, string? Channel, string? Risk, string? Text, int Page)
    {
        public string Query(int page) => QueryHelpers.AddQueryString(Path, new Dictionary<string, string?>
        {
            ["person"] = Person, ["fra"] = From, ["til"] = To, ["kanal"] = Channel, ["risiko"] = Risk, ["tekst"] = Text,
            ["side"] = page.ToString(CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    private static async Task<IResult> SearchAsync(
        HttpContext http, CaseJournal journal, IDbContextFactory<DialogueDbContext> dbFactory, StaffAudit audit, IAntiforgery antiforgery,
        WorkspaceTexts texts, string? person, string? fra, string? til, string? kanal, string? risiko, string? tekst, int? side)
    {
        var (page, actor) = WorkspaceEndpoints.Context(http, antiforgery, texts);
        var now = page.Now;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Oslo).DateTime);
        var filter = new Filter(person, fra ?? today.AddDays(-(int)DefaultPeriod.TotalDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            til ?? today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), kanal, risiko, tekst?.Trim(), Math.Max(side ?? 1, 1));

        List<(Guid Id, string Name)> people;
        await using (var db = await dbFactory.CreateDbContextAsync(http.RequestAborted).ConfigureAwait(false))
        {
            people = (await db.Persons.AsNoTracking().Where(p => p.OfficeId == actor.Office)
                    .Select(p => new { p.Id, p.FirstName, p.LastName }).ToListAsync(http.RequestAborted).ConfigureAwait(false))
                .Select(p => (p.Id.Value, $"{p.FirstName} {p.LastName}")).OrderBy(p => p.Item2, StringComparer.Create(new CultureInfo("nb-NO"), false)).ToList();
        }

        var errors = new List<(string Field, TextId Text)>();
        var from = ParseDate(filter.From, "fra", errors);
        var to = ParseDate(filter.To, "til", errors);
        if (from is { } f && to is { } t && f > t)
        {
            errors.Add(("fra", L.ErrorRange));
        }

        PersonId? only = Guid.TryParse(filter.Person, out var personGuid) && people.Any(p => p.Id == personGuid) ? new PersonId(personGuid) : null;
        IReadOnlyList<ConversationHit>? hits = null;
        if (errors.Count == 0)
        {
            var search = new ConversationSearch(
                actor.Office, only, from is { } start ? Start(start) : null, to is { } end ? Start(end.AddDays(1)) : null,
                filter.Channel is "sms" or "directline" ? filter.Channel : null,
                filter.Risk switch { "moderate" => RiskLevel.Moderate, "high" => RiskLevel.High, "acute" => RiskLevel.Acute, _ => null },
                string.IsNullOrWhiteSpace(filter.Text) ? null : filter.Text, (filter.Page - 1) * PageSize, PageSize + 1);
            hits = await journal.SearchConversationsAsync(search, http.RequestAborted).ConfigureAwait(false);

            // Who searched for what is audited (never the text searched for, which may itself be personal).
            await audit.RecordAsync(http, AuditAction.LogSearch, AccessDecision.Permit, only,
                $"search:{filter.From}..{filter.To}|{filter.Channel}|{filter.Risk}|text={(string.IsNullOrWhiteSpace(filter.Text) ? "no" : "yes")}",
                http.RequestAborted).ConfigureAwait(false);
        }

        return WorkspaceEndpoints.Html(http, LogReviewPages.Search(page, filter, people, errors, hits));
    }

    /// <summary>A conversation as a page (audited as a read), or as a page to print (audited as an export).</summary>
    private static async Task<IResult> TranscriptAsync(
        Guid personId, string session, HttpContext http, IAntiforgery antiforgery, WorkspaceTexts texts, bool print)
    {
        var (page, _) = WorkspaceEndpoints.Context(http, antiforgery, texts);
        var services = http.RequestServices;
        var found = await ReadAsync(http, personId, session, services.GetRequiredService<CaseJournal>(),
            services.GetRequiredService<IDbContextFactory<DialogueDbContext>>(), services.GetRequiredService<StaffAudit>(),
            print ? AuditAction.TranscriptExport : AuditAction.TranscriptRead).ConfigureAwait(false);
        return found is null
            ? WorkspaceEndpoints.NotFound(http, texts)
            : WorkspaceEndpoints.Html(http, LogReviewPages.Transcript(page, found, print));
    }

    private static async Task<IResult> ExportAsync(
        Guid personId, string session, HttpContext http, CaseJournal journal, IDbContextFactory<DialogueDbContext> dbFactory, StaffAudit audit,
        WorkspaceTexts texts, TimeProvider clock)
    {
        var found = await ReadAsync(http, personId, session, journal, dbFactory, audit, AuditAction.TranscriptExport).ConfigureAwait(false);
        if (found is null)
        {
            return WorkspaceEndpoints.NotFound(http, texts);
        }

        var user = StaffUser.From(http.User)!;
        var export = new
        {
            exportedAt = clock.GetUtcNow(),
            exportedBy = user.Ident.Value,
            person = new { id = found.PersonId, name = found.PersonName },
            channel = found.ChannelId,
            conversation = found.ConversationId,
            lines = found.Lines.Select(l => new
            {
                entryId = l.EntryId, at = l.At, from = l.Actor, name = l.ActorName, text = l.Text, redacted = l.Redacted,
                deliveryStatus = l.DeliveryStatus, riskLevel = l.RiskLevel?.ToString().ToLowerInvariant(), signals = l.Signals,
            }),
        };
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"samtale-{found.PersonId:D}-{found.Lines[0].At:yyyyMMdd}.json\"";
        return Results.Text(JsonSerializer.Serialize(export, ExportJson), "application/json; charset=utf-8");
    }

    /// <summary>One conversation with whose it is, for the pages and the export.</summary>
    internal sealed record FoundTranscript(
        Guid PersonId, string PersonName, string SessionKey, string ChannelId, string ConversationId, IReadOnlyList<JournalTranscriptLine> Lines);

    /// <summary>The transcript when the person is in the actor's office and the session is theirs; audited either way.</summary>
    private static async Task<FoundTranscript?> ReadAsync(
        HttpContext http, Guid personId, string session, CaseJournal journal, IDbContextFactory<DialogueDbContext> dbFactory, StaffAudit audit,
        AuditAction action)
    {
        var actor = EscalationEndpoints.Actor(http);
        var person = new PersonId(personId);
        string? name;
        await using (var db = await dbFactory.CreateDbContextAsync(http.RequestAborted).ConfigureAwait(false))
        {
            name = await db.Persons.AsNoTracking().Where(p => p.Id == person && p.OfficeId == actor.Office)
                .Select(p => p.FirstName + " " + p.LastName).SingleOrDefaultAsync(http.RequestAborted).ConfigureAwait(false);
        }

        var key = DecodeSession(session);
        var lines = name is null || key is null ? null : await journal.TranscriptAsync(person, key, http.RequestAborted).ConfigureAwait(false);
        var found = lines is { Count: > 0 } && key is not null
            ? new FoundTranscript(personId, name!, key, key.Split('|')[0], string.Join('|', key.Split('|')[1..^1]), lines)
            : null;
        await audit.RecordAsync(http, action, found is null ? AccessDecision.Deny : AccessDecision.Permit, found is null ? null : person,
            $"conversation:{key ?? session}", http.RequestAborted).ConfigureAwait(false);
        return found;
    }

    private static string? DecodeSession(string session)
    {
        try
        {
            var key = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(session));
            return key.Split('|').Length >= 3 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static DateOnly? ParseDate(string? value, string field, List<(string, TextId)> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || DateOnly.TryParseExact(value.Trim(), "d.M.yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return date;
        }

        errors.Add((field, L.ErrorDate));
        return null;
    }

    /// <summary>Midnight in Norway at the start of <paramref name="date"/>, as UTC.</summary>
    private static DateTimeOffset Start(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Oslo.GetUtcOffset(local)).ToUniversalTime();
    }
}
