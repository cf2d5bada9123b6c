using System.Text.Json;
using Dialogue.Bot.Endpoints;
using Dialogue.Bot.Staff.Audit;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Cases.Audit;
using Dialogue.Cases.Safety;
using Dialogue.Plan.Domain;

namespace Dialogue.Bot.Staff;

/// <summary>
/// The staff API for escalations and handoffs, under <c>/veileder/api</c>, for signed-in staff of an office only. Every
/// call sees only the caller's own office: anything else is a 404, never a hint that it exists.
/// </summary>
public static class EscalationEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapEscalationEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/veileder/api").RequireAuthorization(StaffPolicies.Staff);

        api.MapGet("/escalations", async (HttpContext http, StaffDesk desk) =>
            Results.Ok(await desk.InboxAsync(Actor(http), http.RequestAborted).ConfigureAwait(false)));

        api.MapGet("/escalations/{id:guid}", async (Guid id, HttpContext http, StaffDesk desk, StaffAudit audit) =>
        {
            // The details carry the transcript: audited before they are returned.
            var details = await desk.GetAsync(Actor(http), id, http.RequestAborted).ConfigureAwait(false);
            await audit.RecordAsync(
                http, AuditAction.TranscriptRead, details is null ? AccessDecision.Deny : AccessDecision.Permit,
                details?.Escalation.PersonId is { } person ? new PersonId(person) : null, $"escalation:{id:D}", http.RequestAborted).ConfigureAwait(false);
            return details is null ? NotFound() : Results.Ok(details);
        });

        api.MapPost("/escalations/{id:guid}/acknowledge", async (Guid id, HttpContext http, StaffDesk desk) =>
            ToResult(await desk.AcknowledgeAsync(Actor(http), id, http.RequestAborted).ConfigureAwait(false)));

        api.MapPost("/escalations/{id:guid}/in-contact", async (Guid id, HttpContext http, StaffDesk desk) =>
            ToResult(await desk.MarkInContactAsync(Actor(http), id, http.RequestAborted).ConfigureAwait(false)));

        api.MapPost("/escalations/{id:guid}/resolve", async (Guid id, NoteRequest? body, HttpContext http, StaffDesk desk) =>
            ToResult(await desk.ResolveAsync(Actor(http), id, body?.Note, http.RequestAborted).ConfigureAwait(false)));

        api.MapPost("/escalations/{id:guid}/takeover", async (Guid id, HttpContext http, StaffDesk desk) =>
            ToResult(await desk.TakeOverAsync(Actor(http), id, http.RequestAborted).ConfigureAwait(false)));

        api.MapGet("/handoffs/{id:guid}", async (Guid id, HttpContext http, StaffDesk desk, StaffAudit audit) =>
        {
            var handoff = await desk.HandoffAsync(Actor(http), id, http.RequestAborted).ConfigureAwait(false);
            await audit.RecordAsync(
                http, AuditAction.TranscriptRead, handoff is null ? AccessDecision.Deny : AccessDecision.Permit,
                handoff?.PersonId is { } person ? new PersonId(person) : null, $"handoff:{id:D}", http.RequestAborted).ConfigureAwait(false);
            return handoff is null ? NotFound() : Results.Ok(handoff);
        });

        api.MapPost("/handoffs/{id:guid}/messages", async (Guid id, MessageRequest? body, HttpContext http, StaffDesk desk) =>
            ToResult(await desk.SendAsync(Actor(http), id, body?.Text, http.RequestAborted).ConfigureAwait(false)));

        api.MapPost("/handoffs/{id:guid}/end", async (Guid id, HttpContext http, StaffDesk desk) =>
            ToResult(await desk.EndHandoffAsync(Actor(http), id, http.RequestAborted).ConfigureAwait(false)));

        api.MapGet("/contact-requests", async (HttpContext http, StaffDesk desk) =>
            Results.Ok(await desk.ContactRequestsAsync(Actor(http), http.RequestAborted).ConfigureAwait(false)));

        api.MapPost("/contact-requests/{id:guid}/done", async (Guid id, HttpContext http, StaffDesk desk) =>
            ToResult(await desk.CompleteContactRequestAsync(Actor(http), id, http.RequestAborted).ConfigureAwait(false)));

        api.MapGet("/enquiries", async (HttpContext http, EnquiryDesk enquiries) =>
            Results.Ok(await enquiries.OpenAsync(Actor(http), http.RequestAborted).ConfigureAwait(false)));

        api.MapPost("/enquiries/{id:guid}/answered", async (Guid id, NoteRequest? body, HttpContext http, EnquiryDesk enquiries) =>
            ToResult(await enquiries.MarkAnsweredAsync(Actor(http), id, body?.Note, http.RequestAborted).ConfigureAwait(false)));

        api.MapGet("/events", StreamEventsAsync);
        return app;
    }

    /// <summary>
    /// Server-sent events for the caller's office: a line per change (escalation raised or updated, a message in a
    /// handoff), ids only; the workspace fetches what changed. A comment line every 15 s keeps proxies from closing it.
    /// The stream ends when the app stops, so a shutdown does not wait for open workspaces (they reconnect and catch up).
    /// </summary>
    private static async Task StreamEventsAsync(HttpContext http, StaffEvents events, IHostApplicationLifetime lifetime)
    {
        var user = Actor(http);
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = events.Subscribe(user.Office);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var aborted = ending.Token;
        await http.Response.WriteAsync(": connected\n\n", aborted).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(KeepAlive);
                string chunk;
                try
                {
                    var next = await subscription.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                    var data = JsonSerializer.Serialize(new
                    {
                        type = next.Type,
                        escalationId = next.EscalationId,
                        handoffId = next.HandoffId,
                        level = next.Level?.ToString().ToLowerInvariant(),
                        at = next.At,
                    }, EventJson);
                    chunk = $"event: {next.Type}\ndata: {data}\n\n";
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    chunk = ": keep-alive\n\n";
                }

                await http.Response.WriteAsync(chunk, aborted).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The workspace closed the stream, or the app is stopping.
        }
    }

    internal static StaffActor Actor(HttpContext http)
    {
        // The policy has already required a complete staff user; this cannot be null here.
        var user = StaffUser.From(http.User) ?? throw new InvalidOperationException("The staff policy let through a request without a staff user.");
        return new StaffActor(user.Ident, user.FirstName, user.Office, user.Role);
    }

    private static IResult NotFound() =>
        ApiErrors.Error(StatusCodes.Status404NotFound, "NotFound", "There is no such escalation or handoff in your office.");

    private static IResult ToResult(StaffActionResult result) => result.Status switch
    {
        StaffActionStatus.Done => Results.Ok(new { status = "done", handoffId = result.HandoffId }),
        StaffActionStatus.NotFound => NotFound(),
        StaffActionStatus.Conflict => ApiErrors.Error(StatusCodes.Status409Conflict, "Conflict", result.Message ?? "It cannot be done now."),
        _ => ApiErrors.BadRequest(result.Message ?? "The request is not usable."),
    };

    internal sealed record NoteRequest(string? Note);

    internal sealed record MessageRequest(string? Text);
}
