using System.Net;
using System.Text.RegularExpressions;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Staff;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Audit;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Dialogue.Bot.Tests.Staff.WorkspaceBrowser;

namespace Dialogue.Bot.Tests.Audit;

/// <summary>
/// The access audit in the running host: every view of a transcript (the conversation page, its live fragment, the
/// staff API) adds exactly one row to <c>access_audit</c> and one CEF line to the <c>Dialogue.Audit</c> logger, with
/// who, whose data, what and from where; another office's attempt is audited as denied; a read that cannot be audited
/// fails; and the table refuses UPDATE and DELETE, in the database and in the code.
/// </summary>
public sealed partial class AccessAuditTests
{
    private const string KariPersonId = "de300000-0000-4000-8000-004799990001";
    private const string ClientAddress = "198.51.100.23";
    private const string ProxyAddress = "10.0.0.5";
    private const string UserAgent = "AuditTest/1.0 (Windows NT 10.0)";
    private const string Message = "har sprukket igjen. orker ikke mer";

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Each_conversation_view_adds_exactly_one_audit_row_and_one_cef_line_with_who_whose_what_and_where(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var logs = new LogRecorder();
        await using var sms = App(db, logs);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        var handoffId = await TakeOverAsync(sms, marte);
        Assert.Equal(0, await RowsAsync(sms));

        var page = await GetAsync(marte, $"/veileder/samtaler/{handoffId:D}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(Message, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var row = Assert.Single(await AuditAsync(sms));
        Assert.Equal("Z990001", row.ActorIdent.Value);
        Assert.Equal("0219", row.ActorOffice.Value);
        Assert.Equal(StaffRole.Veileder, row.ActorRole);
        Assert.Equal("transcript.read", row.Action);
        Assert.Equal(AccessDecision.Permit, row.Decision);
        Assert.Equal(new PersonId(Guid.Parse(KariPersonId)), row.PersonId);
        Assert.Equal($"handoff:{handoffId:D}", row.Resource);
        Assert.Equal("GET", row.Method);
        Assert.Equal($"/veileder/samtaler/{handoffId:D}", row.Path);
        Assert.Equal(ClientAddress, row.ClientAddress);
        Assert.Equal(UserAgent, row.UserAgent);
        Assert.Equal(sms.App.Clock.GetUtcNow(), row.At);

        var cef = Assert.Single(CefLines(logs));
        Assert.Equal(LogLevel.Information, cef.Level);
        Assert.StartsWith("CEF:0|dialogue|auditLog|1.0|audit:access|Sporingslogg|INFO|", cef.Message, StringComparison.Ordinal);
        var fields = Extension(cef.Message);
        Assert.Equal(sms.App.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), fields["end"]);
        Assert.Equal("Z990001", fields["suid"]);
        Assert.Equal(KariPersonId, fields["duid"]);
        Assert.Equal("transcript.read", fields["act"]);
        Assert.Equal($"/veileder/samtaler/{handoffId:D}", fields["request"]);
        Assert.Equal("GET", fields["requestMethod"]);
        Assert.Equal(ClientAddress, fields["src"]);
        Assert.Equal(UserAgent, fields["requestClientApplication"]);
        Assert.Equal("Permit", fields["flexString1"]);
        Assert.Equal("0219", fields["flexString2"]);
        Assert.Equal($"handoff:{handoffId:D}", fields["cs3"]);
        Assert.Equal(row.Id.ToString("D"), fields["cs6"]);

        // Each further view is one more line: the page again, its live fragment, and the staff API.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(marte, $"/veileder/samtaler/{handoffId:D}")).StatusCode);
        Assert.Equal(2, await RowsAsync(sms));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(marte, $"/veileder/samtaler/{handoffId:D}/fragment")).StatusCode);
        Assert.Equal(3, await RowsAsync(sms));
        var api = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Marte);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/veileder/api/handoffs/{handoffId:D}")).Status);
        Assert.Equal(4, await RowsAsync(sms));
        var escalationId = await sms.WithDbAsync(d => d.Escalations.Select(e => e.Id.Value).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/veileder/api/escalations/{escalationId:D}")).Status);
        var rows = await AuditAsync(sms);
        Assert.Equal(5, rows.Count);
        Assert.Equal(5, CefLines(logs).Count);
        Assert.All(rows, r => Assert.Equal(("transcript.read", AccessDecision.Permit), (r.Action, r.Decision)));
        Assert.Single(rows, r => r.Resource == $"escalation:{escalationId:D}" && r.Path == $"/veileder/api/escalations/{escalationId:D}");

        // The inbox is not a transcript read, and is not audited.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(marte, "/veileder")).StatusCode);
        Assert.Equal(5, await RowsAsync(sms));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Another_offices_attempt_is_audited_as_denied_without_the_person_and_is_not_a_view(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var logs = new LogRecorder();
        await using var sms = App(db, logs);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        using var amina = await SignInAsync(sms.App, StaffApiClient.Amina);
        var handoffId = await TakeOverAsync(sms, marte);

        var refused = await GetAsync(amina, $"/veileder/samtaler/{handoffId:D}");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain(Message, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var row = Assert.Single(await AuditAsync(sms));
        Assert.Equal(("Z990003", "0315", AccessDecision.Deny), (row.ActorIdent.Value, row.ActorOffice.Value, row.Decision));
        Assert.Null(row.PersonId);
        Assert.Equal($"handoff:{handoffId:D}", row.Resource);
        var fields = Extension(Assert.Single(CefLines(logs)).Message);
        Assert.Equal("Deny", fields["flexString1"]);
        Assert.False(fields.ContainsKey("duid"));
        Assert.Equal(0, await sms.WithDbAsync(d => d.AccessAudit.CountAsync(r => r.Decision == AccessDecision.Permit)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_read_that_cannot_be_audited_fails_and_shows_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var logs = new LogRecorder();
        await using var sms = App(db, logs);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        var handoffId = await TakeOverAsync(sms, marte);
        await sms.WithDbAsync(d => d.Database.ExecuteSqlRawAsync("DROP TABLE access_audit"));

        var page = await GetAsync(marte, $"/veileder/samtaler/{handoffId:D}");

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.DoesNotContain(Message, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(CefLines(logs));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_database_refuses_update_and_delete_on_access_audit(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = App(db, new LogRecorder());
        var audit = sms.App.Services.GetRequiredService<AccessAudit>();
        var recorded = await audit.RecordAsync(SampleEvent(), CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => sms.WithDbAsync(d => d.Database.ExecuteSqlRawAsync("UPDATE access_audit SET \"Action\" = 'person.read'")));
        await Assert.ThrowsAnyAsync<Exception>(() => sms.WithDbAsync(d => d.Database.ExecuteSqlRawAsync("DELETE FROM access_audit")));
        if (provider == DatabaseProvider.Postgres)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => sms.WithDbAsync(d => d.Database.ExecuteSqlRawAsync("TRUNCATE access_audit")));
        }

        var row = Assert.Single(await AuditAsync(sms));
        Assert.Equal((recorded.Id, "transcript.read"), (row.Id, row.Action));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_code_refuses_to_change_or_delete_an_audit_row(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = App(db, new LogRecorder());
        await sms.App.Services.GetRequiredService<AccessAudit>().RecordAsync(SampleEvent(), CancellationToken.None);

        var change = await Assert.ThrowsAsync<InvalidOperationException>(() => sms.WithDbAsync(async d =>
        {
            var row = await d.AccessAudit.SingleAsync();
            d.Entry(row).Property(r => r.Action).CurrentValue = "person.read";
            return await d.SaveChangesAsync();
        }));
        Assert.Contains("append-only", change.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sms.WithDbAsync(async d =>
        {
            d.AccessAudit.Remove(await d.AccessAudit.SingleAsync());
            return await d.SaveChangesAsync();
        }));
        Assert.Equal("transcript.read", Assert.Single(await AuditAsync(sms)).Action);
    }

    [Theory]
    [SqliteData]
    public async Task A_trusted_proxy_names_the_client_and_anyone_else_is_ignored(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var logs = new LogRecorder();
        await using var sms = App(db, logs, remote: ProxyAddress, ("Audit:TrustedProxies:0", ProxyAddress));
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        var handoffId = await TakeOverAsync(sms, marte);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(marte, $"/veileder/samtaler/{handoffId:D}", forwardedFor: $"203.0.113.9, {ClientAddress}")).StatusCode);
        Assert.Equal(ClientAddress, Assert.Single(await AuditAsync(sms)).ClientAddress);

        await using var db2 = await TestDatabase.CreateAsync(provider);
        await using var untrusted = App(db2, new LogRecorder(), remote: ProxyAddress);
        using var marte2 = await SignInAsync(untrusted.App, StaffApiClient.Marte);
        var handoff2 = await TakeOverAsync(untrusted, marte2);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(marte2, $"/veileder/samtaler/{handoff2:D}", forwardedFor: ClientAddress)).StatusCode);
        Assert.Equal(ProxyAddress, Assert.Single(await AuditAsync(untrusted)).ClientAddress);
    }

    private static AccessAuditEvent SampleEvent() => new(
        new AuditActor(new VeilederId("Z990001"), new OfficeId("0219"), StaffRole.Veileder), AuditAction.TranscriptRead, AccessDecision.Permit,
        new PersonId(Guid.Parse(KariPersonId)), "handoff:test", new AuditSource(ClientAddress, UserAgent, "GET", "/veileder/samtaler/test"));

    /// <summary>The SMS host with a log recorder, the audit logger on, and every request coming from <paramref name="remote"/>.</summary>
    private static SmsApp App(TestDatabase db, LogRecorder logs, string remote = ClientAddress, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Logging:LogLevel:Dialogue.Audit"] = "Information" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new SmsApp(db, all, services: s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);
            s.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Parse(remote)));
        });
    }

    private static Task<int> RowsAsync(SmsApp sms) => sms.WithDbAsync(d => d.AccessAudit.CountAsync());

    private static Task<List<AccessAuditRecord>> AuditAsync(SmsApp sms) =>
        sms.WithDbAsync(d => d.AccessAudit.AsNoTracking().ToListAsync());

    private static List<LogRecorder.Entry> CefLines(LogRecorder logs) => [.. logs.In(AccessAudit.LoggerCategory)];

    /// <summary>The extension's key=value pairs (values here hold no escaped characters).</summary>
    private static Dictionary<string, string> Extension(string cef)
    {
        var extension = cef[(cef.LastIndexOf('|') + 1)..];
        return ExtensionPair().Matches(extension).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.TrimEnd());
    }

    private static async Task<Guid> TakeOverAsync(SmsApp sms, HttpClient marte)
    {
        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(SmsApp.KariPhone, Message)).StatusCode);
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.Escalations.AnyAsync())));
        var id = await sms.WithDbAsync(d => d.Escalations.Select(e => e.Id.Value).SingleAsync());
        var inbox = await (await GetAsync(marte, "/veileder")).Content.ReadAsStringAsync();
        var token = Token(inbox);
        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        using var response = await marte.PostAsync(new Uri($"/veileder/escalations/{id}/takeover", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return await sms.WithDbAsync(d => d.Handoffs.Select(h => h.Id).SingleAsync());
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient browser, string path, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        var response = await browser.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    [GeneratedRegex("([A-Za-z0-9]+)=((?:[^=\\\\]|\\\\.)*?)(?= [A-Za-z0-9]+=|$)")]
    private static partial Regex ExtensionPair();

    /// <summary>The test server has no client address; this gives every request one, as Kestrel would.</summary>
    private sealed class RemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                http.Connection.RemoteIpAddress = address;
                return following(http);
            });
            next(app);
        };
    }
}
