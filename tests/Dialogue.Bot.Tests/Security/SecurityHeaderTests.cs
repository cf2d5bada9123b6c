using System.Net;
using System.Net.Http.Headers;
using Dialogue.Bot.Security;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Bot.Tests.Auth;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Staff;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dialogue.Bot.Tests.Security;

/// <summary>
/// Every page has a CSP without inline scripts and with <c>frame-ancestors</c>, no sniffing and a referrer policy; HSTS
/// only in Production; staff cookies HttpOnly, SameSite=Strict and Secure over HTTPS (always outside Development); every
/// staff form refuses a post without its antiforgery token (400) and changes nothing.
/// </summary>
public sealed class SecurityHeaderTests
{
    [Fact]
    public async Task Every_page_has_a_csp_without_inline_script_no_framing_no_sniffing_a_referrer_policy_and_no_hsts_in_development()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        var data = await RouteAccessTests.BaerumDataAsync(sms);
        using var marte = await WorkspaceBrowser.SignInAsync(sms.App, StaffApiClient.Marte);
        using var hilde = await WorkspaceBrowser.SignInAsync(sms.App, "Z990010");
        using var anonymous = sms.App.Browser();

        var pages = new List<(HttpClient Client, string Path)>
        {
            (anonymous, "/"), (anonymous, StaffPaths.Login), (anonymous, StaffPaths.Login + "?error=1"), (anonymous, "/dev/sms"),
            (hilde, "/veileder/oversikt"),
        };
        pages.AddRange(RouteAccessTests.StaffRoutes(sms.App)
            .Where(r => r.Method == "GET" && !r.Pattern.StartsWith(StaffPaths.Api, StringComparison.Ordinal) && !r.Pattern.EndsWith(".json", StringComparison.Ordinal)
                && !r.Pattern.EndsWith(".js", StringComparison.Ordinal) && !r.Pattern.EndsWith(".css", StringComparison.Ordinal))
            .Select(r => RouteAccessTests.Fill(r.Pattern, data))
            .Where(p => p is not null)
            .Select(p => (marte, p!)));
        Assert.True(pages.Count >= 10, $"only {pages.Count} pages found");

        var failures = new List<string>();
        foreach (var (client, path) in pages)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue; // a redirect or a fragment that is not a page
            }

            var csp = response.Headers.TryGetValues("Content-Security-Policy", out var values) ? string.Join(";", values) : null;
            var directives = (csp ?? string.Empty).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(d => d.Split(' ', 2)).ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : string.Empty, StringComparer.Ordinal);
            var scripts = directives.GetValueOrDefault("script-src") ?? directives.GetValueOrDefault("default-src");
            if (csp is null)
            {
                failures.Add($"{path}: no Content-Security-Policy");
                continue;
            }

            if (scripts is null || scripts.Contains("'unsafe-inline'", StringComparison.Ordinal) || scripts.Contains("'unsafe-eval'", StringComparison.Ordinal) || scripts.Contains('*', StringComparison.Ordinal))
            {
                failures.Add($"{path}: scripts are not limited ({scripts})");
            }

            if (directives.GetValueOrDefault("frame-ancestors") != "'none'")
            {
                failures.Add($"{path}: frame-ancestors is '{directives.GetValueOrDefault("frame-ancestors")}'");
            }

            if (!response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) || nosniff.Single() != "nosniff")
            {
                failures.Add($"{path}: no X-Content-Type-Options: nosniff");
            }

            if (!response.Headers.Contains("Referrer-Policy"))
            {
                failures.Add($"{path}: no Referrer-Policy");
            }

            if (response.Headers.Contains("Strict-Transport-Security"))
            {
                failures.Add($"{path}: HSTS in Development");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Production_sends_hsts_on_every_answer_and_marks_staff_cookies_secure_always()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = StaffTestHost.Production(db, entra: null);
        using var client = app.CreateClient();

        foreach (var path in new[] { "/", "/health/live", "/veileder/api/me", "/no-such-page" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.Headers.TryGetValues("Strict-Transport-Security", out var hsts), $"{path}: no HSTS");
            Assert.Equal(SecurityHosting.Hsts, hsts!.Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }

        var antiforgery = app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie;
        Assert.Equal(CookieSecurePolicy.Always, antiforgery.SecurePolicy);
        Assert.True(antiforgery.HttpOnly);
        Assert.Equal(SameSiteMode.Strict, antiforgery.SameSite);
    }

    [Fact]
    public async Task Staff_cookies_are_http_only_same_site_strict_and_secure_over_https()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        using var browser = app.Browser("https://localhost");
        using var login = new FormUrlEncodedContent([new("ident", StaffApiClient.Marte), new("password", StaffApiClient.DemoPassword), new("redirect", "/veileder")]);
        using var signIn = await browser.PostAsync(new Uri("/veileder/login", UriKind.Relative), login);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        using var inbox = await browser.GetAsync(new Uri("/veileder", UriKind.Relative));

        var cookies = signIn.Headers.GetValues("Set-Cookie").Concat(inbox.Headers.TryGetValues("Set-Cookie", out var more) ? more : []).ToList();
        Assert.Contains(cookies, c => c.StartsWith(StaffAuthHosting.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("Dialogue.Staff.Form=", StringComparison.Ordinal));
        Assert.All(cookies, c =>
        {
            var flags = c.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(f => f.ToLowerInvariant()).ToList();
            Assert.Contains("httponly", flags);
            Assert.Contains("secure", flags);
            Assert.Contains("samesite=strict", flags);
        });
    }

    [Fact]
    public async Task Every_staff_form_refuses_a_post_without_its_antiforgery_token_and_changes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        var data = await RouteAccessTests.BaerumDataAsync(sms);
        using var marte = await WorkspaceBrowser.SignInAsync(sms.App, StaffApiClient.Marte);
        var phonesBefore = await sms.WithDbAsync(d => d.PersonPhones.CountAsync());

        var forms = RouteAccessTests.StaffRoutes(sms.App)
            .Where(r => r.Method == "POST" && !r.Pattern.StartsWith(StaffPaths.Api + "/", StringComparison.Ordinal)
                && r.Pattern != StaffPaths.Login && r.Pattern != StaffPaths.Logout)
            .ToList();
        Assert.True(forms.Count >= 8, $"only {forms.Count} staff forms found: {string.Join(", ", forms.Select(f => f.Key))}");

        var failures = new List<string>();
        foreach (var form in forms)
        {
            var path = RouteAccessTests.Fill(form.Pattern, data) ?? throw new Xunit.Sdk.XunitException($"no test value for {form.Key}");
            var answer = await WorkspaceBrowser.PostAsync(marte, path, token: null,
                ("note", "Løst."), ("text", "Hei"), ("phone", "+4791234567"), ("day", "Tuesday"), ("time", "11:00"), ("active", "false"));
            if (answer.Status != HttpStatusCode.BadRequest)
            {
                failures.Add($"{form.Key}: {(int)answer.Status} without an antiforgery token");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(EscalationStatus.InContact, await sms.WithDbAsync(d => d.Escalations.Select(e => e.Status).SingleAsync()));
        Assert.Null(await sms.WithDbAsync(d => d.Handoffs.Select(h => h.EndedAt).SingleAsync()));
        Assert.Equal(EnquiryStatus.Open, await sms.WithDbAsync(d => d.Enquiries.Where(e => e.Id == data.EnquiryId).Select(e => e.Status).SingleAsync()));
        Assert.Equal((DayOfWeek.Monday, true), await sms.WithDbAsync(d => d.CheckInSchedules.Select(s => new ValueTuple<DayOfWeek, bool>(s.Day, s.Active)).SingleAsync()));
        Assert.Equal(phonesBefore, await sms.WithDbAsync(d => d.PersonPhones.CountAsync()));
        Assert.Equal(0, await sms.WithDbAsync(d => d.ContactRequests.CountAsync(c => c.Status != ContactRequestStatus.Open)));
    }
}
