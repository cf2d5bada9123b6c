using Dialogue.Bot.Staff.Auth;
using Dialogue.Bot.Staff.Workspace;
using Dialogue.Cases.Reports;
using Dialogue.Safety.Screening;
using Microsoft.AspNetCore.Antiforgery;

namespace Dialogue.Bot.Staff.Dashboard;

/// <summary>
/// The team lead's dashboard: <c>/veileder/oversikt</c> (HTML with SVG charts) and <c>/veileder/api/oversikt</c>
/// (the same numbers as JSON). Team leads only (a veileder gets 403); only the signed-in user's own office is ever
/// reported, whatever the request says.
/// </summary>
public static class DashboardEndpoints
{
    public const string PagePath = WorkspaceNav.DashboardPath;
    public const string ApiPath = "/veileder/api/oversikt";

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton<OfficeReports>();
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet(PagePath, PageAsync).RequireAuthorization(StaffPolicies.TeamLead);
        app.MapGet(ApiPath, ApiAsync).RequireAuthorization(StaffPolicies.TeamLead);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, OfficeReports reports, IAntiforgery antiforgery, WorkspaceTexts texts)
    {
        var (page, actor) = WorkspaceEndpoints.Context(http, antiforgery, texts);
        var report = await reports.ForOfficeAsync(actor.Office, ReportPeriod.DefaultWeeks, http.RequestAborted).ConfigureAwait(false);
        return WorkspaceEndpoints.Html(http, DashboardPage.Render(page, report));
    }

    private static async Task<IResult> ApiAsync(HttpContext http, OfficeReports reports)
    {
        var actor = EscalationEndpoints.Actor(http);
        var report = await reports.ForOfficeAsync(actor.Office, ReportPeriod.DefaultWeeks, http.RequestAborted).ConfigureAwait(false);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(ToJson(report));
    }

    /// <summary>The report as the API shows it: weeks as "2026-W47", durations in minutes, levels and codes as strings.</summary>
    internal static object ToJson(OfficeReport report) => new
    {
        office = report.Office.Value,
        generatedAt = report.GeneratedAt,
        from = report.Period.From,
        to = report.Period.To,
        weeks = report.Period.Weeks.Select(w => new { week = w.Key, monday = w.Monday, start = w.Start, end = w.End }),
        escalations = report.Escalations.Select(e => new { week = e.Week.Key, acute = e.Acute, high = e.High, moderate = e.Moderate, total = e.Total }),
        sla = report.Sla.Select(s => new
        {
            level = s.Level.ToString().ToLowerInvariant(),
            targetMinutes = Minutes(s.Target),
            acknowledged = s.Acknowledged,
            withinSla = s.WithinSla,
            notAcknowledged = s.NotAcknowledged,
            pending = s.Pending,
            routedToBackup = s.RoutedToBackup,
            shareWithinSla = s.ShareWithinSla is { } share ? Math.Round(share, 4) : (double?)null,
            medianMinutes = s.Median is { } m ? Minutes(m) : (double?)null,
            percentile90Minutes = s.Percentile90 is { } p ? Minutes(p) : (double?)null,
        }),
        checkIns = report.CheckIns.Select(c => new { week = c.Week.Key, confirmed = c.Confirmed, corrected = c.Corrected, total = c.Total }),
        smsFailures = report.SmsFailures.Select(f => new
        {
            week = f.Week.Key,
            total = f.Total,
            byErrorCode = f.ByErrorCode.ToDictionary(p => p.Key.Length == 0 ? "unknown" : p.Key, p => p.Value, StringComparer.Ordinal),
        }),
    };

    private static double Minutes(TimeSpan value) => Math.Round(value.TotalMinutes, 1);
}
