using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Dialogue.Bot.Channels.Sms;
using Dialogue.Bot.Tests.Replicas;
using Dialogue.Bot.Tests.Support;
using Dialogue.Framework.Protocol;
using Npgsql;
using Xunit.Abstractions;

namespace Dialogue.Bot.Tests.Faults;

/// <summary>
/// A real bot process on a private PostgreSQL cluster, under load (signed Twilio webhooks and /api/messages with
/// expectReplies), while the database is stopped for a few seconds and started again, then restarted once more
/// (<c>pg_ctl restart -m fast</c>). During the outage requests get 503 with Retry-After (never a 200 for something not
/// stored) and /health/ready is 503; after it, ready again, every acknowledged message is processed once and answered,
/// and the channels' retries of refused messages are taken. The only copies allowed are SMS that Twilio accepted just
/// as the database went away (the documented at-least-once case), at most one per conversation being sent at that
/// moment (<see cref="Dialogue.Cases.Messaging.OutboxSettings.Parallelism"/>) per outage, counted.
/// </summary>
[Trait("Category", "Faults")]
public sealed class PostgresRestartFaultTests(ITestOutputHelper output)
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "faults-auth-token-4711";
    private const string BotNumber = "+4722334455";
    private const string PublicBaseUrl = "https://sms.faults.test";
    private const string Database = "dialogue_faults";

    /// <summary>Each worker's pause between messages: a steady load the catch-up can clear in seconds on two cores.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, string> _smsAcknowledged = new(StringComparer.Ordinal); // sid -> from
    private readonly ConcurrentDictionary<string, bool> _chatAcknowledged = new(StringComparer.Ordinal); // activity id
    private readonly ConcurrentQueue<string> _unexpected = new();
    private int _refused;
    private int _refusedWithoutRetryAfter;

    [PrivatePostgresFact]
    public async Task The_database_restarting_mid_load_gives_503s_and_nothing_acknowledged_is_lost_or_doubled()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var twilio = await KestrelTwilio.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Dialogue"] = postgres.ConnectionString(Database),
            ["Twilio__AccountSid"] = AccountSid,
            ["Twilio__AuthToken"] = AuthToken,
            ["Twilio__FromNumber"] = BotNumber,
            ["Twilio__ApiBaseUrl"] = twilio.BaseUrl,
            ["Twilio__PublicBaseUrl"] = PublicBaseUrl,
            ["RateLimits__Enabled"] = "false",
            ["Health__FactsInterval"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
            ["HOME"] = Directory.CreateTempSubdirectory("dialogue-faults-home-").FullName,
        };
        await using var bot = new BotProcess("bot on a restarting PostgreSQL", environment);
        await bot.StartAsync();

        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, FaultScale.Times(2)).Select(w => SmsWorkerAsync(bot, w, stop.Token))
            .Concat(Enumerable.Range(0, FaultScale.Times(2)).Select(w => ChatWorkerAsync(bot, w, stop.Token)))
            .ToList();

        var outage = TimeSpan.FromSeconds(4 * Math.Min(FaultScale.Factor, 5));
        var readyDuring = new List<HttpStatusCode>();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var beforeOutage = _smsAcknowledged.Count + _chatAcknowledged.Count;

            // Outage 1: stopped for a few seconds, then started.
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} stopping the database");
            await postgres.StopServerAsync();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} database stopped");
            var down = Stopwatch.StartNew();
            while (down.Elapsed < outage)
            {
                var probe = Stopwatch.StartNew();
                readyDuring.Add(await ReadyAsync(bot));
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} ready probe {readyDuring[^1]} in {probe.ElapsedMilliseconds} ms");
                await Task.Delay(250);
            }

            await postgres.StartServerAsync();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} database started");
            Assert.True(await FaultScale.EventuallyAsync(async () => await ReadyAsync(bot) == HttpStatusCode.OK), "ready again after the database came back");
            await Task.Delay(TimeSpan.FromSeconds(2));

            // Outage 2: a quick restart.
            await postgres.RestartServerAsync();
            Assert.True(await FaultScale.EventuallyAsync(async () => await ReadyAsync(bot) == HttpStatusCode.OK));
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.True(_smsAcknowledged.Count + _chatAcknowledged.Count > beforeOutage, "messages were taken after the outages");
        }
        finally
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} stopping the load");
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} load stopped");
        }

        Assert.Empty(_unexpected);
        Assert.Equal(0, _refusedWithoutRetryAfter);
        Assert.True(_refused > 0, "the outage was seen by the load (503s)");
        Assert.Contains(HttpStatusCode.ServiceUnavailable, readyDuring);

        // Caught up: every acknowledged message is stored, processed once, and every SMS answered.
        var smsSids = _smsAcknowledged.Keys.ToHashSet(StringComparer.Ordinal);
        var chatIds = _chatAcknowledged.Keys.ToHashSet(StringComparer.Ordinal);
        var caughtUp = await FaultScale.EventuallyAsync(async () =>
            await postgres.QueryAsync(Database, c => CountAsync(c, "SELECT count(*) FROM inbound_activities WHERE \"Status\" <> 1")) == 0
            && await postgres.QueryAsync(Database, c => CountAsync(c, "SELECT count(*) FROM outbound_activities WHERE \"Status\" = 0")) == 0);
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} caught up: {caughtUp}");
        Assert.True(caughtUp, caughtUp ? null : await StuckAsync(postgres, bot));

        var inbox = await postgres.QueryAsync(Database, async c =>
        {
            var rows = new List<(string Channel, string ActivityId)>();
            await using var command = new NpgsqlCommand("SELECT \"ChannelId\", \"ActivityId\" FROM inbound_activities", c);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        });
        Assert.Subset(inbox.Where(r => r.Channel == "sms").Select(r => r.ActivityId).ToHashSet(StringComparer.Ordinal), smsSids);
        Assert.Subset(inbox.Where(r => r.Channel == "test").Select(r => r.ActivityId).ToHashSet(StringComparer.Ordinal), chatIds);
        Assert.Equal(inbox.Count, inbox.Distinct().Count());

        var smsRows = await postgres.QueryAsync(Database, c => CountAsync(c, "SELECT count(*) FROM outbound_activities WHERE \"ChannelId\" = 'sms' AND \"Status\" = 1"));
        Assert.Equal(0, await postgres.QueryAsync(Database, c => CountAsync(c, "SELECT count(*) FROM outbound_activities WHERE \"Status\" = 2")));
        foreach (var from in _smsAcknowledged.Values)
        {
            Assert.Contains(twilio.Messages, m => m.To == from);
        }

        var copies = twilio.Messages.Count - (int)smsRows;
        // At most one per conversation in flight per outage (two outages): rows Twilio accepted as the database went away.
        Assert.InRange(copies, 0, 2 * new Dialogue.Cases.Messaging.OutboxSettings().Parallelism);

        TestCounts.Report(output, "faults",
            $"PostgreSQL restart (scale {FaultScale.Factor}, outage {outage.TotalSeconds:0} s + a fast restart): " +
            $"{smsSids.Count} SMS and {chatIds.Count} chat messages acknowledged, {_refused} requests refused with 503 + Retry-After and retried; " +
            $"/health/ready 503 in {readyDuring.Count(s => s == HttpStatusCode.ServiceUnavailable)}/{readyDuring.Count} probes during the outage; " +
            $"inbox {inbox.Count} rows all processed; SMS replies {smsRows}, Twilio got {twilio.Messages.Count} ({copies} copies from sends cut off by the outage); lost 0.");
    }

    /// <summary>What did not catch up, and the bot's errors, for the failure message.</summary>
    private static async Task<string> StuckAsync(PrivatePostgres postgres, BotProcess bot)
    {
        var rows = await postgres.QueryAsync(Database, async c =>
        {
            var lines = new List<string>();
            await using var command = new NpgsqlCommand(
                "SELECT 'in ' || \"Id\" || ' ' || \"ChannelId\" || ' status ' || \"Status\" || ' received ' || \"ReceivedAt\" FROM inbound_activities WHERE \"Status\" <> 1 " +
                "UNION ALL SELECT 'out ' || \"Id\" || ' ' || \"ChannelId\" || ' attempts ' || \"Attempts\" || ' next ' || \"NextAttemptAt\" || ' ' || coalesce(\"LastError\", '') " +
                "FROM outbound_activities WHERE \"Status\" = 0 LIMIT 20", c);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }

            return lines;
        });
        var errors = bot.Output.Split('\n').Where(l => l.Contains("\"Error\"", StringComparison.Ordinal) || l.Contains("Critical", StringComparison.Ordinal))
            .TakeLast(15).Select(l => l.Length > 600 ? l[..600] : l);
        return $"now {DateTimeOffset.UtcNow:O}\n{string.Join('\n', rows)}\n--- bot errors ---\n{string.Join('\n', errors)}";
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<HttpStatusCode> ReadyAsync(BotProcess bot)
    {
        try
        {
            using var response = await bot.Client.GetAsync(new Uri("health/ready", UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    /// <summary>Texts the bot as Twilio does, a new number for each message; a refused webhook is sent again with the same sid, as Twilio retries.</summary>
    private async Task SmsWorkerAsync(BotProcess bot, int worker, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var from = $"+4795{worker:D2}{n:D4}";
            var sid = $"SMfault{worker:D3}{n:D24}";
            while (true)
            {
                var form = new List<KeyValuePair<string, string>>
                {
                    new("AccountSid", AccountSid), new("ApiVersion", "2010-04-01"), new("Body", "hei"), new("From", from),
                    new("FromCountry", "NO"), new("MessageSid", sid), new("NumMedia", "0"), new("NumSegments", "1"),
                    new("SmsMessageSid", sid), new("SmsSid", sid), new("SmsStatus", "received"), new("To", BotNumber),
                };
                using var request = new HttpRequestMessage(HttpMethod.Post, TwilioEndpoints.WebhookPath.TrimStart('/')) { Content = new FormUrlEncodedContent(form) };
                request.Headers.Add(TwilioWebhooks.SignatureHeader, TwilioSignature.Compute(AuthToken, PublicBaseUrl + TwilioEndpoints.WebhookPath, form));
                if (await SendAsync(bot, request))
                {
                    _smsAcknowledged[sid] = from;
                    await Task.Delay(Pace, CancellationToken.None);
                    break;
                }

                // A message Twilio has not had a 200 for is always sent again, even after the load stops.
                await Task.Delay(300, CancellationToken.None);
            }
        }
    }

    /// <summary>A web chat conversation with expectReplies: a 200 carries the replies; a refused message is sent again with the same id.</summary>
    private async Task ChatWorkerAsync(BotProcess bot, int worker, CancellationToken stop)
    {
        string[] script = ["hei", "Jeg har fått nytt nummer", "Ola, 912 34 567", "ja", "hei"];
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var conversation = $"fault-chat-{worker}-{n / script.Length}";
            var id = $"{conversation}-m{n % script.Length}";
            while (true)
            {
                var activity = Activities.Message(conversation, script[n % script.Length], id, from: "visitor-" + conversation);
                activity["serviceUrl"] = "http://127.0.0.1:1/";
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
                {
                    Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
                };
                if (await SendAsync(bot, request, expectReplies: true))
                {
                    _chatAcknowledged[id] = true;
                    await Task.Delay(Pace, CancellationToken.None);
                    break;
                }

                await Task.Delay(300, CancellationToken.None);
            }
        }
    }

    /// <summary>True on 200 (with replies when expected); false on 503 with Retry-After; anything else is recorded as unexpected.</summary>
    private async Task<bool> SendAsync(BotProcess bot, HttpRequestMessage request, bool expectReplies = false)
    {
        HttpResponseMessage response;
        try
        {
            response = await bot.Client.SendAsync(request);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _unexpected.Enqueue($"{request.RequestUri}: {ex.GetType().Name} {ex.Message}");
            return false;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.OK)
            {
                if (expectReplies)
                {
                    var replies = JsonSerializer.Deserialize<ExpectedReplies>(await response.Content.ReadAsStringAsync(), ActivityJson.Options);
                    if (replies?.Activities is not { Count: > 0 })
                    {
                        _unexpected.Enqueue($"{request.RequestUri}: 200 without replies");
                    }
                }

                return true;
            }

            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref _refused);
                if (response.Headers.RetryAfter is null)
                {
                    Interlocked.Increment(ref _refusedWithoutRetryAfter);
                }

                return false;
            }

            _unexpected.Enqueue($"{request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return false;
        }
    }
}
