using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Demo;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Dialogue.Tests.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>
/// Every staff page and API route, found by enumerating the app's endpoints (so a new route is covered the day it is
/// added): without sign-in a page sends you to the login page and the API answers 401; a veileder or team lead of
/// another office gets 403 or 404 for Bærum's data and never any of it in the body; nothing they post changes it.
/// </summary>
public sealed partial class RouteAccessTests
{
    private const string Overdose = "har tatt alle pillene mine 💊";

    /// <summary>Staff routes anyone may call: signing in and out, and (Development) a token for a demo account.</summary>
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        $"GET {StaffPaths.Login}", $"POST {StaffPaths.Login}", $"POST {StaffPaths.Logout}", $"POST {StaffPaths.DevToken}",
    };

    /// <summary>Routes whose answer is a stream that stays open (server-sent events): only the sign-in check applies here; office scoping of the events is tested in the safety tests.</summary>
    private static readonly HashSet<string> Streams = new(StringComparer.Ordinal) { "GET /veileder/api/events" };

    [Fact]
    public async Task Every_staff_route_needs_sign_in_and_shows_another_office_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        var data = await BaerumDataAsync(sms);
        var routes = StaffRoutes(sms.App);
        Assert.Contains(routes, r => r.Key == "GET /veileder/samtaler/{id:guid}");
        Assert.True(routes.Count >= 25, $"Only {routes.Count} staff routes found: {string.Join(", ", routes.Select(r => r.Key))}");

        using var anonymous = sms.App.Browser();
        using var amina = await WorkspaceBrowser.SignInAsync(sms.App, StaffApiClient.Amina);
        using var per = await WorkspaceBrowser.SignInAsync(sms.App, "Z990011");
        var aminaToken = await BearerAsync(sms.App, StaffApiClient.Amina);
        var perToken = await BearerAsync(sms.App, "Z990011");
        var failures = new List<string>();

        foreach (var route in routes.Where(r => !Public.Contains(r.Key)))
        {
            if (!route.RequiresAuthorization)
            {
                failures.Add($"{route.Key}: has no authorization requirement");
                continue;
            }

            var path = Fill(route.Pattern, data);
            if (path is null)
            {
                failures.Add($"{route.Key}: no test value for its parameters — add one to {nameof(Fill)}");
                continue;
            }

            var api = route.Pattern.StartsWith(StaffPaths.Api + "/", StringComparison.Ordinal);
            var unsigned = await SendAsync(anonymous, route.Method, path, token: null, bearer: null, stream: Streams.Contains(route.Key));
            var expected = api || route.Method != "GET" ? HttpStatusCode.Unauthorized : HttpStatusCode.Redirect;
            if (unsigned.Status != expected || (expected == HttpStatusCode.Redirect && unsigned.Location?.StartsWith(StaffPaths.Login, StringComparison.Ordinal) != true))
            {
                failures.Add($"{route.Key} without sign-in: {(int)unsigned.Status} {unsigned.Location}, expected {(int)expected}");
            }

            if (Streams.Contains(route.Key))
            {
                continue;
            }

            foreach (var (who, client, bearer) in new[] { ("Amina (veileder 0315)", amina, aminaToken), ("Per (team lead 0315)", per, perToken) })
            {
                var token = route.Method == "GET" ? null : await FormTokenAsync(client);
                var answer = await SendAsync(client, route.Method, path, token, api ? bearer : null, stream: false);
                var allowed = route.HasParameters
                    ? answer.Status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
                    : answer.Status is HttpStatusCode.OK or HttpStatusCode.Forbidden or HttpStatusCode.SeeOther or HttpStatusCode.BadRequest;
                if (!allowed)
                {
                    failures.Add($"{route.Key} as {who}: {(int)answer.Status}");
                }

                if (data.Markers.FirstOrDefault(m => answer.Body.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } leaked)
                {
                    failures.Add($"{route.Key} as {who}: the answer contains Bærum's '{leaked}'");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(EscalationStatus.InContact, await sms.WithDbAsync(d => d.Escalations.Select(e => e.Status).SingleAsync()));
        Assert.Null(await sms.WithDbAsync(d => d.Handoffs.Select(h => h.EndedAt).SingleAsync()));
        Assert.Equal(EnquiryStatus.Open, await sms.WithDbAsync(d => d.Enquiries.Where(e => e.Id == data.EnquiryId).Select(e => e.Status).SingleAsync()));
        Assert.Equal((DayOfWeek.Monday, true), await sms.WithDbAsync(d => d.CheckInSchedules.Select(s => new ValueTuple<DayOfWeek, bool>(s.Day, s.Active)).SingleAsync()));
        Assert.Equal(1, await sms.WithDbAsync(d => d.PersonPhones.CountAsync(p => p.PersonId == new PersonId(data.PersonId))));
    }

    [Fact]
    public async Task Only_signing_in_is_open_every_other_staff_route_requires_a_signed_in_member_of_staff()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        _ = app.CreateClient();

        var open = StaffRoutes(app).Where(r => !r.RequiresAuthorization).Select(r => r.Key).Order().ToList();

        Assert.Equal(Public.Order(), open);
    }

    /// <summary>A concrete path for a route pattern, with Bærum's ids in it; null when a parameter has no known test value.</summary>
    internal static string? Fill(string pattern, BaerumData data)
    {
        var unknown = false;
        var path = Parameter().Replace(pattern, m =>
        {
            var name = m.Groups["name"].Value;
            var before = pattern[..m.Index];
            string? value = name switch
            {
                "personId" => data.PersonId.ToString("D"),
                "session" => data.Session,
                "scheduleId" => data.ScheduleId.ToString("D"),
                "id" when before.EndsWith("/escalations/", StringComparison.Ordinal) => data.EscalationId.ToString("D"),
                "id" when before.EndsWith("/samtaler/", StringComparison.Ordinal) || before.EndsWith("/handoffs/", StringComparison.Ordinal) => data.HandoffId.ToString("D"),
                "id" when before.EndsWith("/contact-requests/", StringComparison.Ordinal) => data.ContactRequestId.ToString("D"),
                "id" when before.EndsWith("/enquiries/", StringComparison.Ordinal) => data.EnquiryId.ToString("D"),
                "id" when before.EndsWith("/personer/", StringComparison.Ordinal) => data.PersonId.ToString("D"),
                _ => null,
            };
            unknown |= value is null;
            return value ?? string.Empty;
        });
        return unknown ? null : path;
    }

    internal sealed record StaffRoute(string Method, string Pattern, bool RequiresAuthorization)
    {
        public string Key => $"{Method} {Pattern}";

        public bool HasParameters => Pattern.Contains('{', StringComparison.Ordinal);
    }

    /// <summary>Every endpoint the app maps under /veileder, one per method.</summary>
    internal static List<StaffRoute> StaffRoutes(DialogueApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw == StaffPaths.Workspace || raw.StartsWith(StaffPaths.Workspace + "/", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new StaffRoute(
                method,
                NormalizePattern(e.RoutePattern.RawText!),
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 && e.Metadata.GetMetadata<IAllowAnonymous>() is null)))
            .DistinctBy(r => r.Key)
            .ToList();

    private static string NormalizePattern(string raw) => raw.Length > 1 && raw.EndsWith('/') ? raw[..^1] : raw;

    /// <summary>Bærum's data for the test: Kari's acute escalation taken over by Marte, an enquiry and a contact request.</summary>
    internal sealed record BaerumData(
        Guid PersonId, Guid EscalationId, Guid HandoffId, Guid EnquiryId, Guid ContactRequestId, Guid ScheduleId, string Session, IReadOnlyList<string> Markers);

    internal static async Task<BaerumData> BaerumDataAsync(SmsApp sms)
    {
        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(SmsApp.KariPhone, Overdose)).StatusCode);
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.Escalations.AnyAsync())));
        var escalation = await sms.WithDbAsync(d => d.Escalations.Select(e => e.Id.Value).SingleAsync());
        var marte = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Marte);
        var takeover = await marte.PostAsync($"/veileder/api/escalations/{escalation}/takeover");
        Assert.Equal(HttpStatusCode.OK, takeover.Status);
        var handoff = Guid.Parse((string)takeover.Body!["handoffId"]!);

        var kari = DemoData.For(FakeClock.Wednesday).People.Single(p => p.AccountId == "demo-kari").Person;
        var enquiry = Guid.NewGuid();
        var contact = Guid.NewGuid();
        var schedule = Guid.NewGuid();
        await sms.WithDbAsync(async d =>
        {
            d.CheckInSchedules.Add(new Dialogue.Plan.Scheduling.CheckInSchedule
            {
                Id = new Dialogue.Plan.Scheduling.CheckInScheduleId(schedule), PersonId = kari.Id, Phone = PhoneNumber.Parse(SmsApp.KariPhone),
                Day = DayOfWeek.Monday, Time = new TimeOnly(10, 0), NextDueAt = sms.App.Clock.Now.AddDays(5), UpdatedBy = kari.VeilederId,
                UpdatedAt = sms.App.Clock.Now,
            });
            d.Enquiries.Add(new Enquiry
            {
                Id = enquiry, PersonId = kari.Id, OfficeId = DemoData.Baerum, Kind = EnquiryKind.Question,
                Text = "Spørsmål fra Kari om bostøtte", CreatedAt = sms.App.Clock.Now,
            });
            d.ContactRequests.Add(new ContactRequest
            {
                Id = contact, PersonId = kari.Id, OfficeId = DemoData.Baerum, VeilederId = kari.VeilederId, Phone = PhoneNumber.Parse(SmsApp.KariPhone),
                PreferredTimeText = "i morgen", ChannelId = "sms", ConversationId = SmsApp.KariPhone, CreatedAt = sms.App.Clock.Now,
            });
            return await d.SaveChangesAsync();
        });

        string[] markers = ["Kari", "Nordmann", "99990001", "99 99 00 01", "pillene", "bostøtte", kari.Id.Value.ToString("D"),
            escalation.ToString("D"), handoff.ToString("D"), enquiry.ToString("D"), contact.ToString("D"), schedule.ToString("D")];
        // Kari's conversation in the log review: the session key as the path carries it.
        var journal = sms.App.Services.GetRequiredService<Dialogue.Cases.Journal.CaseJournal>();
        var hit = (await journal.SearchConversationsAsync(new Dialogue.Cases.Journal.ConversationSearch(DemoData.Baerum, kari.Id), CancellationToken.None))[0];
        var session = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(hit.SessionKey));
        return new BaerumData(kari.Id.Value, escalation, handoff, enquiry, contact, schedule, session, markers);
    }

    private static async Task<string> BearerAsync(DialogueApp app, string ident)
    {
        using var http = app.CreateClient();
        using var response = await http.PostAsJsonAsync(StaffPaths.DevToken, new { ident, password = StaffApiClient.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
    }

    /// <summary>The antiforgery token of the signed-in user's own inbox, so a refused post is refused for its data, not its token.</summary>
    private static async Task<string> FormTokenAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, StaffPaths.Workspace);
        var page = await StaffTestHost.SendAsync(client, request);
        return WorkspaceBrowser.Token(page.Body);
    }

    private static async Task<StaffTestHost.Response> SendAsync(HttpClient client, string method, string path, string? token, string? bearer, bool stream)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (method != "GET")
        {
            var fields = new List<KeyValuePair<string, string>> { new("note", "Ikke min sak."), new("text", "Hei") };
            if (token is not null)
            {
                fields.Add(new("__RequestVerificationToken", token));
            }

            request.Content = path.StartsWith(StaffPaths.Api + "/", StringComparison.Ordinal)
                ? JsonContent.Create(new { note = "Ikke min sak.", text = "Hei" })
                : new FormUrlEncodedContent(fields);
        }

        if (stream)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            return new StaffTestHost.Response(response.StatusCode, string.Empty, null, response.Headers.Location?.OriginalString, string.Empty, [], response.Headers);
        }

        return await StaffTestHost.SendAsync(client, request);
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

}
