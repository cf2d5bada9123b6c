using System.Globalization;
using System.Text;
using Dialogue.Bot.Staff.Workspace;
using Dialogue.Cases.Reports;
using Dialogue.Language.Catalog;
using Dialogue.Safety.Screening;
using D = Dialogue.Bot.Staff.Dashboard.DashboardTexts;

using static Dialogue.Bot.Staff.StaffHtml;

namespace Dialogue.Bot.Staff.Dashboard;

/// <summary>
/// The team lead's dashboard, rendered on the server: four small charts as inline SVG (styled by the workspace's
/// stylesheet only: no script, no style attributes, so the strict CSP holds). Each chart has a heading, a one-sentence
/// summary, a legend in words, patterns as well as colours, and its numbers as a table in <c>&lt;details&gt;</c>; the
/// SVG itself is one labelled image (<c>role="img"</c>), so screen readers read the sentence and the table instead.
/// </summary>
public static class DashboardPage
{
    private const int Width = 640;
    private const int Height = 240;
    private const int Left = 44;
    private const int Right = 8;
    private const int Top = 12;
    private const int Bottom = 36;

    private static readonly CultureInfo Nb = CultureInfo.GetCultureInfo("nb-NO");

    /// <summary>A series of a bar chart: its label, its CSS class (colour and pattern), and one value per week.</summary>
    private sealed record Series(string Label, string Css, IReadOnlyList<int> Values);

    public static string Render(PageContext page, OfficeReport report)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(report);
        var t = page.Texts;
        var weeks = report.Period.Weeks;
        var body = new StringBuilder();
        WorkspacePages.Header(body, page);
        body.Append("<main id=\"main\" class=\"dashboard\">\n")
            .Append("<h1>").Append(Encode(t.Render(D.Heading, "office", page.Office))).Append("</h1>\n")
            .Append("<p class=\"help\">").Append(Encode(t.Render(D.Intro, Args(
                ("weeks", Number(weeks.Count)),
                ("from", weeks[0].Monday.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)),
                ("to", weeks[^1].Monday.AddDays(6).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)))))).Append("</p>\n");
        Patterns(body);
        body.Append("<div class=\"charts\">\n");
        Escalations(body, t, report);
        Sla(body, t, report);
        CheckIns(body, t, report);
        Sms(body, t, report);
        body.Append("</div>\n</main>\n");
        return WorkspacePages.Document(t[D.Title], body.ToString());
    }

    private static void Escalations(StringBuilder html, WorkspaceTexts t, OfficeReport report)
    {
        var rows = report.Escalations;
        var series = new[]
        {
            new Series(t[D.LevelAcute], "s-acute", rows.Select(r => r.Acute).ToList()),
            new Series(t[D.LevelHigh], "s-high", rows.Select(r => r.High).ToList()),
            new Series(t[D.LevelModerate], "s-moderate", rows.Select(r => r.Moderate).ToList()),
        };
        var summary = t.Render(D.EscalationsSummary, Args(
            ("total", Number(rows.Sum(r => r.Total))), ("weeks", Number(rows.Count)), ("acute", Number(rows.Sum(r => r.Acute))),
            ("high", Number(rows.Sum(r => r.High))), ("moderate", Number(rows.Sum(r => r.Moderate)))));
        Figure(html, "escalations", t[D.EscalationsHeading], summary, t[D.EscalationsHelp]);
        BarChart(html, t, "escalations", report.Period.Weeks, series);
        WeekTable(html, t, report.Period.Weeks, series);
        html.Append("</section>\n");
    }

    private static void CheckIns(StringBuilder html, WorkspaceTexts t, OfficeReport report)
    {
        var rows = report.CheckIns;
        var series = new[]
        {
            new Series(t[D.CheckInsConfirmed], "s-confirmed", rows.Select(r => r.Confirmed).ToList()),
            new Series(t[D.CheckInsCorrected], "s-corrected", rows.Select(r => r.Corrected).ToList()),
        };
        var total = rows.Sum(r => r.Total);
        var confirmed = rows.Sum(r => r.Confirmed);
        var summary = t.Render(D.CheckInsSummary, Args(
            ("total", Number(total)), ("weeks", Number(rows.Count)), ("confirmed", Number(confirmed)),
            ("share", total == 0 ? t[D.None] : Percent(t, (double)confirmed / total))));
        Figure(html, "checkins", t[D.CheckInsHeading], summary, t[D.CheckInsHelp]);
        BarChart(html, t, "checkins", report.Period.Weeks, series);
        WeekTable(html, t, report.Period.Weeks, series);
        html.Append("</section>\n");
    }

    private static void Sms(StringBuilder html, WorkspaceTexts t, OfficeReport report)
    {
        var rows = report.SmsFailures;
        var codes = report.SmsErrorCodes;
        var total = rows.Sum(r => r.Total);
        var summary = total == 0
            ? t.Render(D.SmsSummaryEmpty, "weeks", Number(rows.Count))
            : t.Render(D.SmsSummary, Args(("total", Number(total)), ("weeks", Number(rows.Count)), ("code", CodeLabel(t, codes[0]))));
        Figure(html, "sms", t[D.SmsHeading], summary, t[D.SmsHelp]);
        BarChart(html, t, "sms", report.Period.Weeks, [new Series(t[D.SmsFailed], "s-failed", rows.Select(r => r.Total).ToList())]);

        // The table: one column per error code, so the numbers by code are there to read.
        var series = codes.Select(c => new Series($"{t[D.SmsCode]} {CodeLabel(t, c)}", string.Empty,
            rows.Select(r => r.ByErrorCode.GetValueOrDefault(c)).ToList())).ToList();
        WeekTable(html, t, report.Period.Weeks, series.Count == 0 ? [new Series(t[D.SmsFailed], string.Empty, rows.Select(r => r.Total).ToList())] : series);
        html.Append("</section>\n");
    }

    private static void Sla(StringBuilder html, WorkspaceTexts t, OfficeReport report)
    {
        var acute = report.Sla.FirstOrDefault(s => s.Level == RiskLevel.Acute);
        var high = report.Sla.FirstOrDefault(s => s.Level == RiskLevel.High);
        var summary = acute?.ShareWithinSla is null && high?.ShareWithinSla is null
            ? t[D.SlaSummaryEmpty]
            : t.Render(D.SlaSummary, Args(("acute", Share(t, acute?.ShareWithinSla)), ("high", Share(t, high?.ShareWithinSla))));
        Figure(html, "sla", t[D.SlaHeading], summary, t[D.SlaHelp]);

        // One group per level: a bar for the median and one for the 90th percentile, against a dashed line at the target.
        var levels = report.Sla.ToList();
        var rowHeight = 70;
        var height = Top + (levels.Count * rowHeight) + Bottom;
        var plotLeft = 90;
        var plotWidth = Width - plotLeft - Right - 90;
        html.Append("<svg viewBox=\"0 0 ").Append(Width).Append(' ').Append(height).Append("\" role=\"img\" aria-labelledby=\"sla-heading sla-summary\" focusable=\"false\">\n");
        for (var i = 0; i < levels.Count; i++)
        {
            var level = levels[i];
            var max = new[] { level.Target, level.Percentile90 ?? TimeSpan.Zero, level.Median ?? TimeSpan.Zero }.Max().TotalMinutes * 1.15;
            double X(TimeSpan v) => plotLeft + (v.TotalMinutes / max * plotWidth);
            var y = Top + (i * rowHeight);
            html.Append("<text x=\"0\" y=\"").Append(y + 30).Append("\">").Append(Encode(LevelName(t, level.Level))).Append("</text>\n");
            Bar(html, "s-median", plotLeft, y + 8, level.Median is { } median ? X(median) - plotLeft : 0, 20, $"{t[D.SlaMedian]}: {Duration(t, level.Median)}");
            html.Append("<text x=\"").Append(Fmt(X(level.Median ?? TimeSpan.Zero) + 6)).Append("\" y=\"").Append(y + 23).Append("\">")
                .Append(Encode($"{t[D.SlaMedian]} {Duration(t, level.Median)}")).Append("</text>\n");
            Bar(html, "s-p90", plotLeft, y + 32, level.Percentile90 is { } p90 ? X(p90) - plotLeft : 0, 20, $"{t[D.SlaP90]}: {Duration(t, level.Percentile90)}");
            html.Append("<text x=\"").Append(Fmt(X(level.Percentile90 ?? TimeSpan.Zero) + 6)).Append("\" y=\"").Append(y + 47).Append("\">")
                .Append(Encode($"{t[D.SlaP90]} {Duration(t, level.Percentile90)}")).Append("</text>\n");
            var target = Fmt(X(level.Target));
            html.Append("<line class=\"target\" x1=\"").Append(target).Append("\" x2=\"").Append(target).Append("\" y1=\"").Append(y + 2)
                .Append("\" y2=\"").Append(y + 58).Append("\"/>\n");
            html.Append("<line class=\"axis\" x1=\"").Append(plotLeft).Append("\" x2=\"").Append(plotLeft).Append("\" y1=\"").Append(y + 2)
                .Append("\" y2=\"").Append(y + 58).Append("\"/>\n");
        }

        html.Append("<text x=\"").Append(plotLeft).Append("\" y=\"").Append(height - 12).Append("\">").Append(Encode(t[D.SlaTargetLine])).Append("</text>\n</svg>\n");
        Legend(html, t, [(t[D.SlaMedian], "s-median"), (t[D.SlaP90], "s-p90")]);

        html.Append("<details><summary>").Append(Encode(t[D.ShowTable])).Append("</summary>\n<div class=\"table-scroll\"><table>\n<thead><tr>");
        foreach (var head in new[] { D.SlaLevel, D.SlaTarget, D.SlaAcknowledged, D.SlaWithin, D.SlaNotAcknowledged, D.SlaPending, D.SlaShare, D.SlaMedian, D.SlaP90, D.SlaRouted })
        {
            html.Append("<th scope=\"col\">").Append(Encode(t[head])).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var level in levels)
        {
            html.Append("<tr><th scope=\"row\">").Append(Encode(LevelName(t, level.Level))).Append("</th>")
                .Append(Cell(Duration(t, level.Target))).Append(Cell(Number(level.Acknowledged))).Append(Cell(Number(level.WithinSla)))
                .Append(Cell(Number(level.NotAcknowledged))).Append(Cell(Number(level.Pending))).Append(Cell(Share(t, level.ShareWithinSla)))
                .Append(Cell(Duration(t, level.Median))).Append(Cell(Duration(t, level.Percentile90))).Append(Cell(Number(level.RoutedToBackup)))
                .Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n</details>\n</section>\n");
    }

    /// <summary>Opens a chart's section: heading, the one-sentence summary, and what the numbers mean.</summary>
    private static void Figure(StringBuilder html, string id, string heading, string summary, string help) =>
        html.Append("<section class=\"chart\" id=\"").Append(id).Append("\" aria-labelledby=\"").Append(id).Append("-heading\">\n")
            .Append("<h2 id=\"").Append(id).Append("-heading\">").Append(Encode(heading)).Append("</h2>\n")
            .Append("<p class=\"summary\" id=\"").Append(id).Append("-summary\">").Append(Encode(summary)).Append("</p>\n")
            .Append("<p class=\"help\">").Append(Encode(help)).Append("</p>\n");

    /// <summary>Stacked bars, one per week, with a y axis of whole numbers and the week numbers under the bars.</summary>
    private static void BarChart(StringBuilder html, WorkspaceTexts t, string id, IReadOnlyList<ReportWeek> weeks, IReadOnlyList<Series> series)
    {
        var totals = weeks.Select((_, i) => series.Sum(s => s.Values[i])).ToList();
        var max = NiceMax(totals.DefaultIfEmpty(0).Max());
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var slot = (double)plotWidth / weeks.Count;
        var barWidth = slot * 0.62;
        double Y(double v) => Top + plotHeight - (v / max * plotHeight);

        html.Append("<svg viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height).Append("\" role=\"img\" aria-labelledby=\"")
            .Append(id).Append("-heading ").Append(id).Append("-summary\" focusable=\"false\">\n");
        var step = max <= 5 ? 1 : max / 5;
        for (var v = 0; v <= max; v += step)
        {
            var y = Fmt(Y(v));
            html.Append("<line class=\"").Append(v == 0 ? "axis" : "grid").Append("\" x1=\"").Append(Left).Append("\" x2=\"").Append(Width - Right)
                .Append("\" y1=\"").Append(y).Append("\" y2=\"").Append(y).Append("\"/>\n")
                .Append("<text x=\"").Append(Left - 6).Append("\" y=\"").Append(Fmt(Y(v) + 4)).Append("\" text-anchor=\"end\">").Append(Number(v)).Append("</text>\n");
        }

        for (var i = 0; i < weeks.Count; i++)
        {
            var x = Left + (i * slot) + ((slot - barWidth) / 2);
            var stacked = 0;
            foreach (var s in series)
            {
                var value = s.Values[i];
                if (value > 0)
                {
                    Bar(html, s.Css, x, Y(stacked + value), barWidth, Y(stacked) - Y(stacked + value),
                        $"{t[D.Week]} {weeks[i].IsoWeek}: {s.Label} {Number(value)}");
                    stacked += value;
                }
            }

            if (totals[i] > 0)
            {
                html.Append("<text x=\"").Append(Fmt(x + (barWidth / 2))).Append("\" y=\"").Append(Fmt(Y(totals[i]) - 4)).Append("\" text-anchor=\"middle\">")
                    .Append(Number(totals[i])).Append("</text>\n");
            }

            html.Append("<text x=\"").Append(Fmt(x + (barWidth / 2))).Append("\" y=\"").Append(Height - Bottom + 18).Append("\" text-anchor=\"middle\">")
                .Append(Encode(t.Render(D.WeekShort, "week", Number(weeks[i].IsoWeek)))).Append("</text>\n");
        }

        html.Append("</svg>\n");
        if (series.Count > 1)
        {
            Legend(html, t, series.Select(s => (s.Label, s.Css)).ToList());
        }
    }

    private static void Bar(StringBuilder html, string css, double x, double y, double width, double height, string title)
    {
        html.Append("<rect class=\"mark ").Append(css).Append("\" x=\"").Append(Fmt(x)).Append("\" y=\"").Append(Fmt(y)).Append("\" width=\"")
            .Append(Fmt(Math.Max(width, 0))).Append("\" height=\"").Append(Fmt(Math.Max(height, 0))).Append("\"><title>").Append(Encode(title))
            .Append("</title></rect>\n");
    }

    /// <summary>The legend in words, each with a swatch in the series' colour and pattern (decorative: the word says it).</summary>
    private static void Legend(StringBuilder html, WorkspaceTexts t, IReadOnlyList<(string Label, string Css)> items)
    {
        html.Append("<ul class=\"legend\" aria-label=\"").Append(Encode(t[D.Legend])).Append("\">\n");
        foreach (var (label, css) in items)
        {
            html.Append("<li><svg viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\"><rect class=\"mark ").Append(css)
                .Append("\" x=\"1\" y=\"1\" width=\"18\" height=\"18\"/></svg>").Append(Encode(label)).Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    /// <summary>The numbers behind a weekly chart: a row per week, a column per series, and the sums.</summary>
    private static void WeekTable(StringBuilder html, WorkspaceTexts t, IReadOnlyList<ReportWeek> weeks, IReadOnlyList<Series> series)
    {
        html.Append("<details><summary>").Append(Encode(t[D.ShowTable])).Append("</summary>\n<div class=\"table-scroll\"><table>\n<thead><tr><th scope=\"col\">")
            .Append(Encode(t[D.Week])).Append("</th>");
        foreach (var s in series)
        {
            html.Append("<th scope=\"col\">").Append(Encode(s.Label)).Append("</th>");
        }

        if (series.Count > 1)
        {
            html.Append("<th scope=\"col\">").Append(Encode(t[D.Total])).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        for (var i = 0; i < weeks.Count; i++)
        {
            var week = weeks[i];
            html.Append("<tr><th scope=\"row\">").Append(Number(week.IsoWeek)).Append(" (")
                .Append(week.Monday.ToString("dd.MM.", CultureInfo.InvariantCulture)).Append(")</th>");
            foreach (var s in series)
            {
                html.Append(Cell(Number(s.Values[i])));
            }

            if (series.Count > 1)
            {
                html.Append(Cell(Number(series.Sum(s => s.Values[i]))));
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n<tfoot><tr><th scope=\"row\">").Append(Encode(t[D.Total])).Append("</th>");
        foreach (var s in series)
        {
            html.Append(Cell(Number(s.Values.Sum())));
        }

        if (series.Count > 1)
        {
            html.Append(Cell(Number(series.Sum(s => s.Values.Sum()))));
        }

        html.Append("</tr></tfoot>\n</table></div>\n</details>\n");
    }

    /// <summary>The fill patterns (hatching, dots) the charts use besides colour; defined once for the page.</summary>
    private static void Patterns(StringBuilder html) => html.Append("""
<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false">
<defs>
<pattern id="p-high" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="p-high-bg" width="8" height="8"/><line class="p-high-fg" x1="0" y1="0" x2="0" y2="8"/></pattern>
<pattern id="p-moderate" width="8" height="8" patternUnits="userSpaceOnUse"><rect class="p-moderate-bg" width="8" height="8"/><circle class="p-moderate-fg" cx="4" cy="4" r="2.2"/></pattern>
<pattern id="p-corrected" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect class="p-corrected-bg" width="8" height="8"/><line class="p-corrected-fg" x1="0" y1="0" x2="0" y2="8"/></pattern>
<pattern id="p-p90" width="8" height="8" patternUnits="userSpaceOnUse"><rect class="p-p90-bg" width="8" height="8"/><line class="p-p90-fg" x1="0" y1="4" x2="8" y2="4"/></pattern>
</defs>
</svg>

""");

    private static string LevelName(WorkspaceTexts t, RiskLevel level) => level switch
    {
        RiskLevel.Acute => t[D.LevelAcute],
        RiskLevel.High => t[D.LevelHigh],
        _ => t[D.LevelModerate],
    };

    private static string CodeLabel(WorkspaceTexts t, string code) => code.Length == 0 ? t[D.SmsCodeUnknown] : code;

    /// <summary>"12 min", "2 t 5 min", or "ingen".</summary>
    internal static string Duration(WorkspaceTexts t, TimeSpan? value)
    {
        if (value is not { } v)
        {
            return t[D.None];
        }

        var minutes = (int)Math.Round(v.TotalMinutes, MidpointRounding.AwayFromZero);
        return minutes < 60
            ? t.Render(D.Minutes, "minutes", Number(minutes))
            : t.Render(D.HoursMinutes, Args(("hours", Number(minutes / 60)), ("minutes", Number(minutes % 60))));
    }

    private static string Share(WorkspaceTexts t, double? share) => share is { } s ? Percent(t, s) : t[D.SlaUnmeasured];

    private static string Percent(WorkspaceTexts t, double share) =>
        t.Render(D.Percent, "percent", Math.Round(share * 100, MidpointRounding.AwayFromZero).ToString("0", Nb));

    private static int NiceMax(int value)
    {
        if (value <= 5)
        {
            return 5;
        }

        var magnitude = (int)Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var factor in new[] { 1, 2, 5, 10 })
        {
            if (factor * magnitude >= value && (factor * magnitude) % 5 == 0)
            {
                return factor * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Cell(string text) => $"<td>{Encode(text)}</td>";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Fmt(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Args(params (string Name, string Value)[] args) =>
        args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
}
