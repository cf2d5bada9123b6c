using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;
using static Dialogue.Bot.Tests.Staff.WorkspaceBrowser;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>
/// The team lead's dashboard (/veileder/oversikt and /veileder/api/oversikt): the numbers from seeded escalations, their
/// history, conversation summaries and SMS receipts under a fixed clock (Wednesday 18 November 2026, week 47); only
/// team leads get it, and only for their own office; the shared menu shows it to team leads only.
/// </summary>
public sealed partial class DashboardTests
{
    private const string Hilde = "Z990010"; // team lead, 0219
    private const string Per = "Z990011"; // team lead, 0315
    private static readonly PersonId Kari = new(Guid.Parse("de300000-0000-4000-8000-004799990001"));
    private static readonly PersonId Ahmed = new(Guid.Parse("de300000-0000-4000-8000-004799990004"));
    private static readonly OfficeId Baerum = new("0219");
    private static readonly OfficeId Grunerlokka = new("0315");

    // Times in UTC; Oslo is UTC+1 in November and the offices are open 08:00–15:30 on weekdays.
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_api_reports_the_offices_numbers_per_week_and_the_sla_by_level(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = StaffTestHost.Development(db);
        await SeedAsync(app);
        var hilde = await StaffApiClient.SignInAsync(app, Hilde);

        var (status, report) = await hilde.GetAsync("/veileder/api/oversikt");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("0219", (string?)report!["office"]);
        var weeks = report["weeks"]!.AsArray();
        Assert.Equal(12, weeks.Count);
        Assert.Equal("2026-W36", (string?)weeks[0]!["week"]);
        Assert.Equal("2026-W47", (string?)weeks[11]!["week"]);

        var escalations = ByWeek(report, "escalations");
        Assert.Equal((3, 1, 0), Levels(escalations["2026-W47"]));
        Assert.Equal((1, 1, 0), Levels(escalations["2026-W46"]));
        Assert.Equal((0, 0, 1), Levels(escalations["2026-W45"]));
        Assert.Equal(7, escalations.Values.Sum(e => (int)e["total"]!));

        var acute = Sla(report, "acute");
        Assert.Equal(15.0, (double)acute["targetMinutes"]!);
        Assert.Equal(3, (int)acute["acknowledged"]!); // one only by "in contact" in its history
        Assert.Equal(2, (int)acute["withinSla"]!);
        Assert.Equal(1, (int)acute["notAcknowledged"]!);
        Assert.Equal(0, (int)acute["pending"]!);
        Assert.Equal(1, (int)acute["routedToBackup"]!);
        Assert.Equal(0.5, (double)acute["shareWithinSla"]!);
        Assert.Equal(10.0, (double)acute["medianMinutes"]!);
        Assert.Equal(30.0, (double)acute["percentile90Minutes"]!);

        var high = Sla(report, "high");
        Assert.Equal(240.0, (double)high["targetMinutes"]!);
        Assert.Equal(1, (int)high["acknowledged"]!);
        Assert.Equal(1, (int)high["withinSla"]!);
        Assert.Equal(1, (int)high["pending"]!);
        Assert.Equal(1.0, (double)high["shareWithinSla"]!);
        Assert.Equal(90.0, (double)high["medianMinutes"]!); // office time: 30 min on Friday, 60 on Monday morning

        var checkIns = ByWeek(report, "checkIns");
        Assert.Equal(2, (int)checkIns["2026-W47"]["confirmed"]!);
        Assert.Equal(1, (int)checkIns["2026-W47"]["corrected"]!);
        Assert.Equal(3, checkIns.Values.Sum(c => (int)c["total"]!));

        var sms = ByWeek(report, "smsFailures");
        Assert.Equal(3, (int)sms["2026-W47"]["total"]!);
        Assert.Equal(1, (int)sms["2026-W47"]["byErrorCode"]!["30003"]!);
        Assert.Equal(1, (int)sms["2026-W47"]["byErrorCode"]!["30005"]!);
        Assert.Equal(1, (int)sms["2026-W47"]["byErrorCode"]!["unknown"]!);
        Assert.Equal(1, (int)sms["2026-W46"]["byErrorCode"]!["30003"]!);
        Assert.Equal(4, sms.Values.Sum(s => (int)s["total"]!));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Another_offices_team_lead_sees_only_their_own_offices_numbers(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = StaffTestHost.Development(db);
        await SeedAsync(app);
        var per = await StaffApiClient.SignInAsync(app, Per);

        var (status, report) = await per.GetAsync("/veileder/api/oversikt?office=0219");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("0315", (string?)report!["office"]);
        var escalations = ByWeek(report, "escalations");
        Assert.Equal((1, 0, 0), Levels(escalations["2026-W47"]));
        Assert.Equal(1, escalations.Values.Sum(e => (int)e["total"]!));
        Assert.Equal(1, ByWeek(report, "checkIns").Values.Sum(c => (int)c["total"]!));
        Assert.Equal(1, ByWeek(report, "smsFailures").Values.Sum(s => (int)s["total"]!));
        Assert.Equal(1, (int)Sla(report, "acute")["acknowledged"]!);

        using var browser = await SignInAsync(app, Per);
        var page = await GetAsync(browser, "/veileder/oversikt");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Oversikt for kontor 0315", page.Body, StringComparison.Ordinal);
        Assert.Contains("1 hastesaker på 12 uker: 1 akutte, 0 høye og 0 moderate.", page.Body, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_page_shows_each_chart_with_a_sentence_a_legend_and_its_numbers_as_a_table(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = StaffTestHost.Development(db);
        await SeedAsync(app);
        using var hilde = await SignInAsync(app, Hilde);

        var page = await GetAsync(hilde, "/veileder/oversikt");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains("style-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("style=", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<h1>Oversikt for kontor 0219</h1>", page.Body, StringComparison.Ordinal);

        // Four charts, each an image labelled by its heading and its one-sentence summary, with a table behind "details".
        var charts = Regex.Matches(page.Body, "<section class=\"chart\" id=\"([a-z]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["escalations", "sla", "checkins", "sms"], charts);
        foreach (var id in charts)
        {
            var section = Section(page.Body, id);
            Assert.Contains($"<h2 id=\"{id}-heading\">", section, StringComparison.Ordinal);
            Assert.Contains($"<p class=\"summary\" id=\"{id}-summary\">", section, StringComparison.Ordinal);
            Assert.Contains($"role=\"img\" aria-labelledby=\"{id}-heading {id}-summary\"", section, StringComparison.Ordinal);
            Assert.Contains("<details><summary>Vis tallene som tabell</summary>", section, StringComparison.Ordinal);
            Assert.Contains("<th scope=\"col\">", section, StringComparison.Ordinal);
        }

        Assert.Contains("7 hastesaker på 12 uker: 4 akutte, 2 høye og 1 moderate.", page.Body, StringComparison.Ordinal);
        Assert.Contains("Akutte saker kvittert innen fristen: 50 %. Høye saker kvittert innen fristen: 100 %.", page.Body, StringComparison.Ordinal);
        Assert.Contains("3 innsjekkinger kom fram til oppsummeringen på 12 uker, og 2 av dem ble bekreftet (67 %).", page.Body, StringComparison.Ordinal);
        Assert.Contains("4 SMS kom ikke fram på 12 uker. Vanligste feilkode: 30003.", page.Body, StringComparison.Ordinal);

        // Levels are told apart by pattern and word, not colour alone; the legend names them.
        var escalations = Section(page.Body, "escalations");
        Assert.Contains("class=\"mark s-high\"", escalations, StringComparison.Ordinal);
        Assert.Contains("<ul class=\"legend\"", escalations, StringComparison.Ordinal);
        Assert.Contains(">Akutt</li>", escalations, StringComparison.Ordinal);
        Assert.Contains("<title>Uke 47: Akutt 3</title>", escalations, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">47 (16.11.)</th><td>3</td><td>1</td><td>0</td><td>4</td></tr>", escalations, StringComparison.Ordinal);
        Assert.Contains("<pattern id=\"p-high\"", page.Body, StringComparison.Ordinal);

        var sla = Section(page.Body, "sla");
        Assert.Contains("<tr><th scope=\"row\">Akutt</th><td>15 min</td><td>3</td><td>2</td><td>1</td><td>0</td><td>50 %</td><td>10 min</td><td>30 min</td><td>1</td></tr>", sla, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Høy</th><td>4 t 0 min</td><td>1</td><td>1</td><td>0</td><td>1</td><td>100 %</td><td>1 t 30 min</td><td>1 t 30 min</td><td>0</td></tr>", sla, StringComparison.Ordinal);

        var sms = Section(page.Body, "sms");
        Assert.Contains("<th scope=\"col\">Feilkode 30003</th>", sms, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">Feilkode uten kode</th>", sms, StringComparison.Ordinal);

        // The check-in chart says how completion is counted.
        Assert.Contains("Samtaler som stoppet før oppsummeringen", Section(page.Body, "checkins"), StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_veileder_is_refused_and_nobody_unsigned_gets_anything(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = StaffTestHost.Development(db);
        await SeedAsync(app);
        using var marte = await SignInAsync(app, StaffApiClient.Marte);
        var marteApi = await StaffApiClient.SignInAsync(app, StaffApiClient.Marte);

        var page = await GetAsync(marte, "/veileder/oversikt");
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Du har ikke tilgang", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("hastesaker", page.Body, StringComparison.Ordinal);
        var (apiStatus, apiBody) = await marteApi.GetAsync("/veileder/api/oversikt");
        Assert.Equal(HttpStatusCode.Forbidden, apiStatus);
        Assert.Null(apiBody!["escalations"]);

        var anonymous = await app.GetAsync("/veileder/oversikt");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.Status);
        Assert.StartsWith("/veileder/login?redirect=%2Fveileder%2Foversikt", anonymous.Location, StringComparison.Ordinal);
        var anonymousApi = await app.GetAsync("/veileder/api/oversikt");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousApi.Status);
        Assert.Equal("Unauthorized", anonymousApi.ErrorCode);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Every_workspace_page_has_a_skip_link_and_the_menu_and_only_team_leads_see_oversikt(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = StaffTestHost.Development(db);
        using var marte = await SignInAsync(app, StaffApiClient.Marte);
        using var hilde = await SignInAsync(app, Hilde);

        var inbox = (await GetAsync(marte, "/veileder")).Body;
        Assert.StartsWith("<a class=\"skip-link\" href=\"#main\">Hopp til hovedinnholdet</a>", inbox[(inbox.IndexOf("<body>", StringComparison.Ordinal) + 7)..], StringComparison.Ordinal);
        Assert.Contains("<main id=\"main\"", inbox, StringComparison.Ordinal);
        var menu = Menu(inbox);
        Assert.Contains("<nav class=\"menu\" aria-label=\"Hovedmeny\">", menu, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/veileder\" aria-current=\"page\">Innboks</a>", menu, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/veileder/personer\">Personer</a>", menu, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/veileder/logg\">Samtalelogg</a>", menu, StringComparison.Ordinal);
        Assert.DoesNotContain("Oversikt", menu, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(menu, "aria-current"));
        Assert.Contains("<link rel=\"stylesheet\" href=\"/veileder/layout.css\">", inbox, StringComparison.Ordinal);

        var leadInbox = Menu((await GetAsync(hilde, "/veileder")).Body);
        Assert.Contains("<a href=\"/veileder/oversikt\">Oversikt</a>", leadInbox, StringComparison.Ordinal);
        var dashboard = Menu((await GetAsync(hilde, "/veileder/oversikt")).Body);
        Assert.Contains("<a href=\"/veileder/oversikt\" aria-current=\"page\">Oversikt</a>", dashboard, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/veileder\">Innboks</a>", dashboard, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(dashboard, "aria-current"));

        var style = await GetAsync(marte, "/veileder/layout.css");
        Assert.Equal(HttpStatusCode.OK, style.Status);
        Assert.Contains(".skip-link:focus", style.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Percentiles_are_nearest_rank_and_none_without_values()
    {
        var values = new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }.Select(m => TimeSpan.FromMinutes(m)).ToList();
        Assert.Equal(TimeSpan.FromMinutes(5), Dialogue.Cases.Reports.OfficeReports.Percentile(values, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(9), Dialogue.Cases.Reports.OfficeReports.Percentile(values, 0.9));
        Assert.Equal(TimeSpan.FromMinutes(7), Dialogue.Cases.Reports.OfficeReports.Percentile([TimeSpan.FromMinutes(7)], 0.9));
        Assert.Null(Dialogue.Cases.Reports.OfficeReports.Percentile([], 0.5));
    }

    /// <summary>
    /// Escalations, history, summaries and SMS for Bærum (Kari, Marte's work phone) and Grünerløkka (Ahmed), some outside
    /// the twelve weeks, at the test clock (Wednesday 18 November 2026 12:15 UTC).
    /// </summary>
    private static async Task SeedAsync(DialogueApp app)
    {
        Assert.Equal(Utc(11, 18, 12, 15), app.Clock.Now);
        await app.WithDbAsync(async d =>
        {
            // Acute, acknowledged after 10 minutes.
            d.Escalations.Add(Escalation(Kari, Baerum, RiskLevel.Acute, Utc(11, 18, 9), Utc(11, 18, 9, 15), acknowledgedAt: Utc(11, 18, 9, 10)));

            // Acute, acknowledged after 30 minutes: late, went to the duty phone.
            var late = Escalation(Kari, Baerum, RiskLevel.Acute, Utc(11, 17, 10), Utc(11, 17, 10, 15), acknowledgedAt: Utc(11, 17, 10, 30));
            late.RoutedToBackupAt = Utc(11, 17, 10, 15);
            d.Escalations.Add(late);
            d.EscalationEvents.Add(new EscalationEvent { EscalationId = late.Id, Type = EscalationEventTypes.SlaMissed, Actor = "watchdog", Note = "minutes=15;sms=office_duty_phone", At = Utc(11, 17, 10, 15) });

            // Acute in week 46, never "acknowledged" but marked in contact after 5 minutes (only its history says so).
            var inContact = Escalation(Kari, Baerum, RiskLevel.Acute, Utc(11, 9, 10), Utc(11, 9, 10, 15));
            d.Escalations.Add(inContact);
            d.EscalationEvents.Add(new EscalationEvent { EscalationId = inContact.Id, Type = EscalationEventTypes.Created, Actor = "bot", At = Utc(11, 9, 10) });
            d.EscalationEvents.Add(new EscalationEvent { EscalationId = inContact.Id, Type = EscalationEventTypes.InContact, Actor = "Z990001", At = Utc(11, 9, 10, 5) });

            // Acute, not acknowledged, the deadline has passed.
            d.Escalations.Add(Escalation(Kari, Baerum, RiskLevel.Acute, Utc(11, 18, 11), Utc(11, 18, 11, 15)));

            // High, not acknowledged, deadline still ahead.
            d.Escalations.Add(Escalation(Kari, Baerum, RiskLevel.High, Utc(11, 18, 12), Utc(11, 19, 9)));

            // High, raised on Friday 15:00 Oslo, acknowledged on Monday 09:00 Oslo: 30 + 60 minutes of office time.
            d.Escalations.Add(Escalation(Kari, Baerum, RiskLevel.High, Utc(11, 13, 14), Utc(11, 16, 10, 30), acknowledgedAt: Utc(11, 16, 8)));

            // Moderate in week 45; a silence nudge (not risk); one thirteen weeks ago (outside the period).
            d.Escalations.Add(Escalation(Kari, Baerum, RiskLevel.Moderate, Utc(11, 2, 10), null));
            d.Escalations.Add(new Escalation
            {
                Id = EscalationId.New(), Kind = EscalationKind.Silence, Level = RiskLevel.None, PersonId = Kari, OfficeId = Baerum, SenderAddress = "+4799990001",
                ChannelId = "sms", ConversationId = "+4799990001", SignalsJson = "[]", CreatedAt = Utc(11, 18, 8),
            });
            d.Escalations.Add(Escalation(Kari, Baerum, RiskLevel.Acute, Utc(8, 20, 10), Utc(8, 20, 10, 15)));

            // Grünerløkka: one acute, acknowledged.
            d.Escalations.Add(Escalation(Ahmed, Grunerlokka, RiskLevel.Acute, Utc(11, 18, 10), Utc(11, 18, 10, 15), acknowledgedAt: Utc(11, 18, 10, 5)));

            // Check-ins that reached the recap.
            d.Summaries.Add(Summary(Kari, true, Utc(11, 16, 10)));
            d.Summaries.Add(Summary(Kari, true, Utc(11, 18, 10)));
            d.Summaries.Add(Summary(Kari, false, Utc(11, 17, 10)));
            d.Summaries.Add(Summary(Kari, true, Utc(8, 1, 10)));
            d.Summaries.Add(Summary(Ahmed, true, Utc(11, 18, 10)));

            // SMS receipts: Kari's and Marte's work phone count for Bærum; Ahmed's for Grünerløkka; a stranger's for nobody.
            d.Outbox.Add(Sms("+4799990001", Utc(11, 18, 9), "failed", "30003"));
            d.Outbox.Add(Sms("+4799990001", Utc(11, 18, 9, 30), "failed", null));
            d.Outbox.Add(Sms("+4799990101", Utc(11, 17, 9), "undelivered", "30005"));
            d.Outbox.Add(Sms("+4799990001", Utc(11, 10, 9), "undelivered", "30003"));
            d.Outbox.Add(Sms("+4799990001", Utc(11, 18, 9), "delivered", null));
            d.Outbox.Add(Sms("+4799990004", Utc(11, 18, 9), "failed", "30003"));
            d.Outbox.Add(Sms("+4712345678", Utc(11, 18, 9), "failed", "30003"));
            await d.SaveChangesAsync();
            return 0;
        });
    }

    private static Escalation Escalation(PersonId person, OfficeId office, RiskLevel level, DateTimeOffset createdAt, DateTimeOffset? due, DateTimeOffset? acknowledgedAt = null) => new()
    {
        Id = EscalationId.New(),
        Kind = EscalationKind.Risk,
        Level = level,
        PersonId = person,
        OfficeId = office,
        SenderAddress = "+47",
        ChannelId = "sms",
        ConversationId = "+47",
        SignalsJson = "[]",
        CreatedAt = createdAt,
        AcknowledgeBy = due,
        AcknowledgedAt = acknowledgedAt,
        Status = acknowledgedAt is null ? EscalationStatus.Open : EscalationStatus.Acknowledged,
    };

    private static ConversationSummary Summary(PersonId person, bool confirmed, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(), PersonId = person, ChannelId = "sms", ConversationId = "+47", Text = "Oppsummering", Confirmed = confirmed,
        Correction = confirmed ? null : "Feil dag", CreatedAt = at,
    };

    private static OutboundActivity Sms(string to, DateTimeOffset at, string status, string? code) => new()
    {
        ChannelId = "sms", ConversationId = to, ServiceUrl = string.Empty, ActivityJson = "{\"type\":\"message\",\"text\":\"Hei\"}",
        Status = OutboundStatus.Sent, CreatedAt = at, NextAttemptAt = at, SentAt = at, DeliveryStatus = status, DeliveryErrorCode = code,
        DeliveryStatusAt = at,
    };

    private static Dictionary<string, JsonNode> ByWeek(JsonNode report, string name) =>
        report[name]!.AsArray().ToDictionary(n => (string)n!["week"]!, n => n!);

    private static (int Acute, int High, int Moderate) Levels(JsonNode week) => ((int)week["acute"]!, (int)week["high"]!, (int)week["moderate"]!);

    private static JsonNode Sla(JsonNode report, string level) => report["sla"]!.AsArray().Single(s => (string?)s!["level"] == level)!;

    private static string Section(string html, string id) =>
        Regex.Match(html, $"<section class=\"chart\" id=\"{id}\"[\\s\\S]*?</section>") is { Success: true } m
            ? m.Value
            : throw new Xunit.Sdk.XunitException($"No chart {id}.");

    private static string Menu(string html) => Regex.Match(html, "<nav class=\"menu\"[\\s\\S]*?</nav>").Value;
}
