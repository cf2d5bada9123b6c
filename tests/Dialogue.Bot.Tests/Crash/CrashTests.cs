using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dialogue.Bot.Tests.Replicas;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Journal;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Safety;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Dialogue.Bot.Tests.Crash;

/// <summary>
/// Issue 8's crash test: at least 100 concurrent conversations over SMS and web chat against the real bot process,
/// which is killed with SIGKILL several times at seeded random moments and restarted on the same port while the load
/// goes on. Afterwards, once the inbox and outbox have drained, it prints and asserts with counts: every acknowledged
/// inbound message has exactly one inbox row, processed, and (for a person with a case) exactly one journal entry;
/// every crisis message raised one escalation, and its veileder was notified once; no state is corrupt (state JSON
/// parses, SQLite integrity check, journal chains verify, every conversation answers a final message); every outbox
/// row was delivered, and extra copies (a send the process died before recording) stay within
/// <see cref="DuplicateBoundPerKill"/> per kill.
/// </summary>
[Trait("Category", "Crash")]
public sealed class CrashTests(ITestOutputHelper output)
{
    /// <summary>
    /// The documented bound on duplicate outbound messages per kill: <see cref="OutboxSettings.Parallelism"/> (default 8).
    /// <see cref="OutboxDispatcher"/> is the only sender, one per process; it sends to at most that many conversations
    /// at once and one row at a time within a conversation (send, then commit the row's Sent status, then the next row),
    /// so a kill can catch at most that many rows sent but not yet recorded; each is sent again after the restart.
    /// Direct Line rows are never repeated (the log is unique per outbox row), so every extra copy is an SMS.
    /// </summary>
    public static readonly int DuplicateBoundPerKill = new OutboxSettings().Parallelism;

    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "crash-auth-token-4711";
    private const string BotNumber = "+4722334455";
    private const string PublicBaseUrl = "https://sms.crash.test";
    private const string DirectLineSecret = "crash-direct-line-secret-0123456789";
    private const string ReceptionDutyPhone = "+4799990190";

    private static readonly string[] Benign = ["hei", "ja", "nei", "ok", "takk", "hva er klokka", "ja takk", "vet ikke"];
    private static readonly string[] CrisisWords = ["har sprukket igjen. orker ikke mer", "har tatt alle pillene mine"];

    [Theory]
    [SqliteData]
    public Task Sqlite_survives_repeated_kills_under_load(DatabaseProvider provider) => RunAsync(provider);

    [Theory]
    [PostgresData]
    public Task Postgres_survives_repeated_kills_under_load(DatabaseProvider provider) => RunAsync(provider);

    private async Task RunAsync(DatabaseProvider provider)
    {
        var settings = CrashSettings.FromEnvironment();
        var random = new Random(settings.Seed);
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var twilio = await KestrelTwilio.StartAsync();
        var home = Directory.CreateTempSubdirectory("dialogue-crash-");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["HOME"] = home.FullName,
            ["Database__Provider"] = provider.ToString(),
            ["ConnectionStrings__Dialogue"] = database.ConnectionString,
            ["Twilio__AccountSid"] = AccountSid,
            ["Twilio__AuthToken"] = AuthToken,
            ["Twilio__FromNumber"] = BotNumber,
            ["Twilio__ApiBaseUrl"] = twilio.BaseUrl,
            ["Twilio__PublicBaseUrl"] = PublicBaseUrl,
            ["DirectLine__Secret"] = DirectLineSecret,
            // The processes run on the real clock: the offices are open all day, every day, so notices go at once.
            ["OfficeHours__Default__Opens"] = "00:00",
            ["OfficeHours__Default__Closes"] = "23:59",
            ["OfficeHours__Default__HolidaysClosed"] = "false",
            ["RateLimits__Enabled"] = "false",
            ["RateLimits__OutboundSmsPerNumberPerDay"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging__LogLevel__Dialogue.Cases.Safety.EscalationDesk"] = "Error", // a warning per escalation raised
        };
        foreach (var (day, i) in Enum.GetNames<DayOfWeek>().Select((d, i) => (d, i)))
        {
            environment[$"OfficeHours__Default__Days__{i}"] = day;
        }

        await using var bot = new BotProcess("crash bot", environment);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromSeconds(30) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(100) }; // a retry races its original only after this
        var kills = 0;
        var killedAt = new List<int>();
        var failedStarts = new List<string>();
        try
        {
            await bot.StartAsync(TimeSpan.FromSeconds(90));
            var conversations = await CreateConversationsAsync(database, settings, random);
            var driver = new CrashLoad(bot, client, AuthToken, PublicBaseUrl, BotNumber, AccountSid, DirectLineSecret) { Seed = settings.Seed };

            // The kills: after seeded random numbers of acknowledged messages, between 10 % and 90 % of the load.
            var total = conversations.Sum(c => c.Script.Count);
            var thresholds = Enumerable.Range(0, settings.Kills).Select(_ => (int)(total * (0.1 + (0.8 * random.NextDouble())))).Order().ToList();
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            var pacing = new Random(random.Next());
            var drivers = conversations.Select(c => Task.Run(() => driver.RunAsync(c, pacing, stop.Token))).ToList();
            var killer = Task.Run(async () =>
            {
                foreach (var threshold in thresholds)
                {
                    while (driver.AcknowledgedCount < threshold)
                    {
                        await Task.Delay(20, stop.Token);
                    }

                    killedAt.Add(driver.AcknowledgedCount);
                    await bot.KillAsync();
                    Interlocked.Increment(ref kills);
                    await RestartAsync(bot, failedStarts);
                }
            });

            // A killer that fails (the bot cannot be started again) stops the run at once, with its own error.
            var load = Task.WhenAll(drivers);
            if (await Task.WhenAny(load, killer) == killer && killer.IsFaulted)
            {
                await stop.CancelAsync();
                await killer;
            }

            await Task.WhenAll(load, killer);

            var drained = await WaitForDrainAsync(database);

            // Every conversation answers one more message once the dust has settled.
            await Task.WhenAll(conversations.Select(c => driver.SendAsync(c, settings.Messages, "hei", crisis: false, final: true, stop.Token)));
            var drainedAgain = await WaitForDrainAsync(database);
            await bot.KillAsync(); // stopped, so the checks read a database nobody writes

            var report = await CheckAsync(database, settings, conversations, driver, twilio, killedAt, failedStarts, [drained, drainedAgain]);
            output.WriteLine(report);
            Console.WriteLine(report);
        }
        catch
        {
            var log = $"--- {bot.Name} (kills so far: {kills}, failed starts: {failedStarts.Count})\n{string.Join("\n", failedStarts)}\n{bot.Output}";
            await File.WriteAllTextAsync(Path.Combine(ArtifactsFolder(), $"crash-{provider.ToString().ToLowerInvariant()}-bot.log"), log);
            output.WriteLine(log.Length > 20_000 ? log[^20_000..] : log);
            throw;
        }
        finally
        {
            await bot.KillAsync();
            home.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Starts the bot again after a kill, as an orchestrator would: a start that fails (the process exits while starting,
    /// or is not ready in time) is recorded, with the end of its output, and tried again, at most three times in all.
    /// The run fails if any start failed (see the counts), but goes on so the counts are complete.
    /// </summary>
    private static async Task RestartAsync(BotProcess bot, List<string> failedStarts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await bot.StartAsync(TimeSpan.FromSeconds(90));
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException && attempt < 3)
            {
                var message = ex.Message.Length > 4000 ? ex.Message[^4000..] : ex.Message;
                lock (failedStarts)
                {
                    failedStarts.Add(message);
                }

                await bot.KillAsync();
            }
        }
    }

    /// <summary>
    /// The conversations: SMS from people with a case (created here, Marte's and Jonas's at the Bærum office, so each
    /// message is journaled) and web chat visitors (no case; their crisis notice goes to the reception office's duty
    /// phone). A seeded share says something that must escalate, at a seeded place in its script.
    /// </summary>
    private static async Task<List<CrashConversation>> CreateConversationsAsync(TestDatabase database, CrashSettings settings, Random random)
    {
        var conversations = new List<CrashConversation>();
        await using var db = CreateContext(database);
        for (var i = 0; i < settings.Conversations; i++)
        {
            var script = Enumerable.Range(0, settings.Messages).Select(_ => Benign[random.Next(Benign.Length)]).ToList();
            var crisisAt = random.NextDouble() < settings.CrisisShare ? random.Next(settings.Messages) : -1;
            if (crisisAt >= 0)
            {
                script[crisisAt] = CrisisWords[random.Next(CrisisWords.Length)];
            }

            if (i < settings.SmsConversations)
            {
                var phone = string.Create(CultureInfo.InvariantCulture, $"+4798{i:D6}");
                var id = PersonId.New();
                db.Persons.Add(new Person
                {
                    Id = id,
                    FirstName = "Krasj",
                    LastName = string.Create(CultureInfo.InvariantCulture, $"Test {i}"),
                    OfficeId = new OfficeId("0219"),
                    VeilederId = new VeilederId(i % 2 == 0 ? "Z990001" : "Z990002"),
                    Phones = [new PersonPhone { PersonId = id, Number = PhoneNumber.Parse(phone) }],
                });
                conversations.Add(new CrashConversation(i, "sms", phone, script, crisisAt) { Address = phone });
            }
            else
            {
                conversations.Add(new CrashConversation(i, "directline", string.Create(CultureInfo.InvariantCulture, $"crash-visitor-{i}"), script, crisisAt));
            }
        }

        await db.SaveChangesAsync();
        return conversations;
    }

    /// <summary>
    /// Waits (bounded) until no inbox row is pending and no outbox row is due and unsent; null when drained, else what
    /// was left (reported with the counts, not thrown, so a run that loses work still prints them).
    /// </summary>
    private static async Task<string?> WaitForDrainAsync(TestDatabase database)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var last = string.Empty;
        while (DateTime.UtcNow < until)
        {
            await using var db = CreateContext(database);
            var inbox = await db.Inbox.CountAsync(x => x.Status == InboundStatus.Pending);
            var now = DateTimeOffset.UtcNow;
            var outbox = (await db.Outbox.AsNoTracking().Where(x => x.Status == OutboundStatus.Pending).Select(x => x.NextAttemptAt).ToListAsync())
                .Count(next => next <= now.AddSeconds(30));
            if (inbox == 0 && outbox == 0)
            {
                return null;
            }

            last = $"{inbox} inbox rows pending, {outbox} outbox rows due";
            await Task.Delay(250);
        }

        return $"the inbox and outbox did not drain in time: {last}";
    }

    private static async Task<string> CheckAsync(
        TestDatabase database, CrashSettings settings, List<CrashConversation> conversations, CrashLoad load, KestrelTwilio twilio, IReadOnlyList<int> killedAt,
        IReadOnlyList<string> failedStarts, IReadOnlyList<string?> drainProblems)
    {
        var kills = killedAt.Count;
        await using var db = CreateContext(database);
        var acked = load.Acknowledged.ToList();
        var inbox = await db.Inbox.AsNoTracking().ToListAsync();
        var outbox = await db.Outbox.AsNoTracking().ToListAsync();
        var failures = drainProblems.OfType<string>().ToList();
        if (failedStarts.Count > 0)
        {
            failures.Add($"{failedStarts.Count} restarts failed; the first: {failedStarts[0]}");
        }

        // Inbound: each acknowledged message has exactly one inbox row, processed.
        var smsRows = inbox.Where(x => x.ChannelId == "sms").ToLookup(x => x.ActivityId, StringComparer.Ordinal);
        var webRows = inbox.Where(x => x.ChannelId == "directline" && x.ActivityJson.Contains("crash-", StringComparison.Ordinal))
            .ToLookup(x => ClientActivityIdOf(x.ActivityJson) ?? string.Empty, StringComparer.Ordinal);
        var rowsPerMessage = acked.Select(m => (Message: m, Rows: (m.Channel == "sms" ? smsRows[m.ClientId] : webRows[m.ClientId]).ToList())).ToList();
        var missing = rowsPerMessage.Where(x => x.Rows.Count == 0).ToList();
        var doubled = rowsPerMessage.Where(x => x.Rows.Count > 1).ToList();
        var processed = rowsPerMessage.Count(x => x.Rows.Count == 1 && x.Rows[0].Status == InboundStatus.Processed);
        var notProcessed = inbox.Count(x => x.Status != InboundStatus.Processed);
        Expect(missing.Count == 0, $"{missing.Count} acknowledged messages have no inbox row, e.g. {missing.FirstOrDefault().Message}");
        Expect(doubled.Count == 0, $"{doubled.Count} acknowledged messages have more than one inbox row, e.g. {doubled.FirstOrDefault().Message}");
        Expect(processed == acked.Count, $"{acked.Count - processed} acknowledged messages are not processed");
        Expect(notProcessed == 0, $"{notProcessed} inbox rows are not processed: {string.Join(", ", inbox.Where(x => x.Status != InboundStatus.Processed).Select(x => x.Status).Distinct())}");

        // The case record: one message.in entry per acknowledged SMS (all from people with a case).
        var journalIn = (await db.Journal.AsNoTracking().Where(e => e.Kind == JournalKinds.MessageIn && e.ChannelId == "sms").Select(e => e.DataJson).ToListAsync())
            .Select(ActivityIdOf).Where(x => x is not null).GroupBy(x => x!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var smsAcked = acked.Where(m => m.Channel == "sms").ToList();
        var journaledOnce = smsAcked.Count(m => journalIn.GetValueOrDefault(m.ClientId) == 1);
        Expect(journaledOnce == smsAcked.Count, $"{smsAcked.Count - journaledOnce} acknowledged SMS are not journaled exactly once");
        var verification = await JournalVerifier.VerifyAsync(db, CancellationToken.None);
        Expect(verification.Intact, $"journal chains broken: {string.Join("; ", verification.Breaks)}");

        // Escalations: one per conversation that said a crisis message, each notified once, none elsewhere.
        var escalations = await db.Escalations.AsNoTracking().ToListAsync();
        var expectedEscalations = conversations.Where(c => c.Escalates).Select(c => c.Address).ToHashSet(StringComparer.Ordinal);
        var present = escalations.Where(e => expectedEscalations.Contains(e.ConversationId)).Select(e => e.ConversationId).Distinct().Count();
        var perConversation = escalations.GroupBy(e => e.ConversationId).Where(g => g.Count() > 1).Count();
        var unexpected = escalations.Count(e => !expectedEscalations.Contains(e.ConversationId));
        var notified = await db.EscalationEvents.AsNoTracking().Where(e => e.Type == EscalationEventTypes.Notified).ToListAsync();
        var notifiedOnce = escalations.Count(e => notified.Count(n => n.EscalationId == e.Id) == 1);
        var notices = outbox.Where(x => x.ActivityJson.Contains($"\"{StaffNotices.IdPrefix}-", StringComparison.Ordinal)).ToList();
        var noticesSent = notices.Count(x => x.Status == OutboundStatus.Sent);
        var noticesDue = notices.Count(x => x.NextAttemptAt <= DateTimeOffset.UtcNow);
        Expect(present == expectedEscalations.Count, $"escalations: {expectedEscalations.Count} expected, {present} present");
        Expect(perConversation == 0 && unexpected == 0, $"escalations: {perConversation} conversations with more than one, {unexpected} unexpected");
        Expect(notifiedOnce == escalations.Count, $"{escalations.Count - notifiedOnce} escalations not notified exactly once");
        Expect(notices.Count == escalations.Count, $"{notices.Count} staff notices queued for {escalations.Count} escalations");
        Expect(noticesSent == noticesDue, $"{noticesDue - noticesSent} staff notices due but not sent");

        // State: every state parses; the final message of every conversation was answered.
        var states = await db.States.AsNoTracking().ToListAsync();
        var badStates = states.Count(s => !ParsesAsObject(s.Json));
        Expect(badStates == 0, $"{badStates} conversation/user states do not parse");
        var finals = rowsPerMessage.Where(x => x.Message.Final).ToList();
        var answered = finals.Count(x => x.Rows.Count == 1 && RepliedWithText(x.Rows[0].RepliesJson));
        Expect(finals.Count == conversations.Count && answered == finals.Count, $"{finals.Count - answered} of {finals.Count} final messages got no answer");
        var integrity = database.Provider == DatabaseProvider.Sqlite ? await SqliteIntegrityAsync(db) : "n/a (PostgreSQL)";
        Expect(integrity is "ok" or "n/a (PostgreSQL)", $"SQLite integrity_check: {integrity}");

        // Outbound: every row delivered; SMS copies matched to rows by the sid Twilio answered with.
        var dead = outbox.Count(x => x.Status != OutboundStatus.Sent && (x.NextAttemptAt <= DateTimeOffset.UtcNow));
        Expect(dead == 0, $"{dead} outbox rows due are not sent: {string.Join("; ", outbox.Where(x => x.Status != OutboundStatus.Sent).Select(x => $"{x.Status} {x.LastError}").Distinct().Take(3))}");
        var smsOut = outbox.Where(x => x.ChannelId == "sms" && x.Status == OutboundStatus.Sent).ToList();
        var sent = twilio.Sent;
        var sids = sent.Select(x => x.Sid).ToHashSet(StringComparer.Ordinal);
        var recordedSids = smsOut.Select(x => x.ProviderMessageId).Where(x => x is not null).ToHashSet(StringComparer.Ordinal);
        var rowsWithoutCopy = smsOut.Count(x => x.ProviderMessageId is null || !sids.Contains(x.ProviderMessageId));
        var extra = sent.Where(x => !recordedSids.Contains(x.Sid)).ToList();
        var rowTexts = smsOut.Select(x => (To: x.ConversationId, Body: ActivityText(x.ActivityJson))).ToHashSet();
        var extraNotACopy = extra.Count(x => !rowTexts.Contains((x.To, x.Body)));
        var bound = kills * DuplicateBoundPerKill;
        Expect(rowsWithoutCopy == 0, $"{rowsWithoutCopy} SMS outbox rows marked sent that Twilio never got");
        Expect(recordedSids.Count == smsOut.Count, "two SMS outbox rows share one Twilio sid");
        Expect(extraNotACopy == 0, $"{extraNotACopy} SMS reached Twilio that are no outbox row's copy");
        Expect(extra.Count <= bound, $"{extra.Count} duplicate SMS, more than the bound {bound} ({kills} kills x {DuplicateBoundPerKill})");
        var webOut = outbox.Where(x => x.ChannelId == "directline" && x.Status == OutboundStatus.Sent).Select(x => x.Id).ToHashSet();
        var logged = await db.DirectLineActivities.AsNoTracking().Where(a => a.OutboundId != null).Select(a => a.OutboundId!.Value).ToListAsync();
        var webCopies = logged.Count;
        Expect(webOut.SetEquals(logged) && webCopies == webOut.Count, $"Direct Line: {webOut.Count} outbox rows sent, {webCopies} bot activities in the logs");
        var echoes = (await db.DirectLineActivities.AsNoTracking().Where(a => a.OutboundId == null).Select(a => a.ActivityJson).ToListAsync())
            .Select(ClientActivityIdOf).Where(x => x is not null).GroupBy(x => x!).Count(g => g.Count() > 1);
        Expect(echoes == 0, $"{echoes} web chat messages shown twice in their conversation");

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"CRASH {database.Provider}: {settings}")
            .AppendLine(CultureInfo.InvariantCulture, $"  kills: {kills} (SIGKILL after {string.Join(", ", killedAt)} of {conversations.Sum(c => c.Script.Count)} load messages were acknowledged); retries by the channels: {load.Retries}; failed restarts: {failedStarts.Count}")
            .AppendLine(CultureInfo.InvariantCulture, $"  inbound: acknowledged {acked.Count} (sms {smsAcked.Count}, web {acked.Count - smsAcked.Count}); processed exactly once {processed}; missing {missing.Count}; doubled {doubled.Count}; inbox rows not processed {notProcessed}")
            .AppendLine(CultureInfo.InvariantCulture, $"  journal: acknowledged SMS journaled once {journaledOnce}/{smsAcked.Count}; chains {verification.Cases}, entries {verification.Entries}, intact {verification.Intact}")
            .AppendLine(CultureInfo.InvariantCulture, $"  escalations: expected {expectedEscalations.Count}, present {present}, unexpected {unexpected}, notified once {notifiedOnce}; notices queued {notices.Count}, sent {noticesSent}")
            .AppendLine(CultureInfo.InvariantCulture, $"  state: {states.Count} states, {badStates} unreadable; final messages answered {answered}/{finals.Count}; sqlite integrity {integrity}")
            .AppendLine(CultureInfo.InvariantCulture, $"  outbound: sms rows sent {smsOut.Count}, messages at Twilio {sent.Count}, duplicates {extra.Count} (bound {bound}); web rows sent {webOut.Count}, bot activities logged {webCopies}; echoes shown twice {echoes}; rows not sent {dead}")
            .ToString();
        var verdict = failures.Count == 0 ? report : report + "FAILED:\n  " + string.Join("\n  ", failures) + "\n";
        await WriteReportAsync(database.Provider, verdict);
        Assert.True(failures.Count == 0, verdict);
        return report;

        void Expect(bool condition, string failure)
        {
            if (!condition)
            {
                failures.Add(failure);
            }
        }
    }

    /// <summary>
    /// Keeps the counts in <c>tests/Dialogue.Bot.Tests/artifacts/crash-{provider}.txt</c>, which test.sh prints after the
    /// run (dotnet test shows a passing test's output only at detailed verbosity).
    /// </summary>
    private static Task WriteReportAsync(DatabaseProvider provider, string report) =>
        File.WriteAllTextAsync(Path.Combine(ArtifactsFolder(), $"crash-{provider.ToString().ToLowerInvariant()}.txt"), report);

    /// <summary><c>tests/Dialogue.Bot.Tests/artifacts</c> in the checkout (created when missing).</summary>
    private static string ArtifactsFolder()
    {
        var root = new DirectoryInfo(Path.GetDirectoryName(BotProcess.BotAssembly)!);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dialogue.sln")))
        {
            root = root.Parent;
        }

        var folder = Path.Combine(root!.FullName, "tests", "Dialogue.Bot.Tests", "artifacts");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string? ClientActivityIdOf(string activityJson)
    {
        try
        {
            return JsonNode.Parse(activityJson)?["channelData"]?["clientActivityID"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? ActivityIdOf(string? dataJson)
    {
        try
        {
            return dataJson is null ? null : JsonNode.Parse(dataJson)?["activityId"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string ActivityText(string activityJson) => JsonNode.Parse(activityJson)?["text"]?.GetValue<string>() ?? string.Empty;

    private static bool ParsesAsObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool RepliedWithText(string? repliesJson) =>
        repliesJson is not null && JsonNode.Parse(repliesJson) is JsonArray replies
        && replies.Any(r => r?["type"]?.GetValue<string>() == "message" && !string.IsNullOrWhiteSpace(r["text"]?.GetValue<string>()));

    private static async Task<string> SqliteIntegrityAsync(DialogueDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "no answer";
    }

    private static DialogueDbContext CreateContext(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<DialogueDbContext>();
        new DatabaseSettings(database.Provider, database.ConnectionString).Configure(options);
        return new DialogueDbContext(options.Options);
    }
}
