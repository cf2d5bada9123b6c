using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Bot.Tests.Auth;
using Dialogue.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>The host set up for staff sign-in tests, plus two workspace pages to be refused or let through.</summary>
public static class StaffTestHost
{
    /// <summary>The host in Production with Entra ID pointed at <paramref name="entra"/> (or not configured when null).</summary>
    public static DialogueApp Production(
        TestDatabase db, EntraFake? entra, CapturedLogs? logs = null, Action<IServiceCollection>? services = null, params (string Key, string Value)[] settings) =>
        Create(db, "Production", entra, logs, settings, services);

    /// <summary>The host in Development (demo data seeded: the veiledere are the accounts).</summary>
    public static DialogueApp Development(TestDatabase db, CapturedLogs? logs = null, EntraFake? entra = null, params (string Key, string Value)[] settings) =>
        Create(db, "Development", entra, logs, settings);

    private static DialogueApp Create(
        TestDatabase db, string environment, EntraFake? entra, CapturedLogs? logs, (string Key, string Value)[] settings,
        Action<IServiceCollection>? moreServices = null) =>
        new(db,
            services =>
            {
                moreServices?.Invoke(services);
                services.AddSingleton<IStartupFilter, WorkspacePages>();
                if (entra is not null)
                {
                    services.AddHttpClient(StaffAuthHosting.EntraHttpClientName).ConfigurePrimaryHttpMessageHandler(() => entra);
                }

                if (logs is not null)
                {
                    services.AddSingleton<ILoggerProvider>(logs);
                }
            },
            host =>
            {
                host.UseEnvironment(environment);
                foreach (var (key, value) in entra is null ? Enumerable.Empty<(string, string)>() : EntraFake.Settings())
                {
                    host.UseSetting(key, value);
                }

                foreach (var (key, value) in settings)
                {
                    host.UseSetting(key, value);
                }
            });

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    /// <summary>A client that keeps cookies and does not follow redirects, at the app's own address unless told another.</summary>
    public static HttpClient Browser(this DialogueApp app, string? baseAddress = null)
    {
        var address = baseAddress is null ? app.ClientOptions.BaseAddress : new Uri(baseAddress);
        return app.OnKestrel
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = address }
            : app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = address });
    }

    public static async Task<Response> GetAsync(this DialogueApp app, string path, string? bearer = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await SendAsync(client ?? app.Browser(), request);
    }

    public static async Task<Response> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Response(
            response.StatusCode,
            text,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.Location?.OriginalString,
            response.Headers.WwwAuthenticate.ToString(),
            response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : [],
            response.Headers);
    }

    public sealed record Response(
        HttpStatusCode Status, string Body, string? MediaType, string? Location, string WwwAuthenticate, IReadOnlyList<string> SetCookies,
        HttpResponseHeaders Headers)
    {
        public JsonNode? Json => MediaType == "application/json" && Body.Length > 0 ? JsonNode.Parse(Body) : null;

        public string? ErrorCode => (string?)Json?["error"]?["code"];
    }

    /// <summary>
    /// Two workspace pages for the tests (the workspace itself is built elsewhere): <see cref="Page"/> for any member of
    /// staff and <see cref="LeadPage"/> for team leads. Mapped in front of the app's own pipeline.
    /// </summary>
    private sealed class WorkspacePages : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseRouting();
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseEndpoints(e =>
            {
                e.MapGet(Page, (HttpContext http) => Results.Text($"page for {StaffUser.From(http.User)?.Ident}"))
                    .RequireAuthorization(StaffPolicies.Staff);
                e.MapGet(LeadPage, (HttpContext http) => Results.Text($"lead page for {StaffUser.From(http.User)?.Ident}"))
                    .RequireAuthorization(StaffPolicies.TeamLead);
                e.MapGet(LeadApi, (HttpContext http) => Results.Json(new { ident = StaffUser.From(http.User)?.Ident.Value }))
                    .RequireAuthorization(StaffPolicies.TeamLead);
            });
            next(app);
        };
    }

    /// <summary>Everything ASP.NET and the app log, so a test can see that no secret is in it.</summary>
    public static readonly (string Key, string Value)[] VerboseLogs =
        [("Logging:LogLevel:Default", "Debug"), ("Logging:LogLevel:Microsoft.AspNetCore", "Debug"), ("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning")];

    public const string Page = "/veileder/test-page";
    public const string LeadPage = "/veileder/test-lead-page";
    public const string LeadApi = "/veileder/api/test-lead";
}
