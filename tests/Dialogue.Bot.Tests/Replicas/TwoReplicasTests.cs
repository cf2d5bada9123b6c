using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dialogue.Bot.Channels.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Tests.Replicas;

/// <summary>
/// Two real bot processes on different ports over one PostgreSQL database, as two replicas behind a load balancer:
/// messages for the same conversations go to both, and each is handled once, in order, with the staff workspace on
/// one replica seeing live what the other raised, and a staff form signed in on one replica accepted by the other. (A
/// check-in that both schedulers see is started once: <see cref="ReplicaClaimingTests"/>, on a fixed clock inside SMS
/// sending hours, since these processes run on the real clock.)
/// </summary>
public sealed class TwoReplicasTests
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "replica-auth-token-4711";
    private const string BotNumber = "+4722334455";
    private const string PublicBaseUrl = "https://sms.replicas.test";
    private const string KariPhone = "+4799990001";

    [Theory]
    [PostgresData]
    public async Task Two_replicas_share_the_work_without_losing_or_doubling_anything(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var twilio = await KestrelTwilio.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Dialogue"] = database.ConnectionString,
            ["Twilio__AccountSid"] = AccountSid,
            ["Twilio__AuthToken"] = AuthToken,
            ["Twilio__FromNumber"] = BotNumber,
            ["Twilio__ApiBaseUrl"] = twilio.BaseUrl,
            ["Twilio__PublicBaseUrl"] = PublicBaseUrl,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        // Each replica has its own home folder, as containers do: nothing is shared through a key folder in $HOME.
        var homes = new[] { Directory.CreateTempSubdirectory("dialogue-replica-a-"), Directory.CreateTempSubdirectory("dialogue-replica-b-") };
        await using var a = new BotProcess("replica A", new Dictionary<string, string>(environment) { ["HOME"] = homes[0].FullName });
        await using var b = new BotProcess("replica B", new Dictionary<string, string>(environment) { ["HOME"] = homes[1].FullName });
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        var replicas = new[] { a, b };

        try
        {
            // Marte's workspace is open on B: its live event stream.
            var token = await DevTokenAsync(b.Client, "Z990001");
            using var events = new HttpRequestMessage(HttpMethod.Get, "veileder/api/events");
            events.Headers.Authorization = new("Bearer", token);
            using var stream = await b.Client.SendAsync(events, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            using var eventReader = new StreamReader(await stream.Content.ReadAsStreamAsync());
            Assert.Equal(": connected", await eventReader.ReadLineAsync());

            // Marte signs in on A and opens Kari's page there; the form she sends goes to B, which reads A's cookies.
            await FormFromOneReplicaPostedToTheOtherAsync(a, b);

            // Web chat (expectReplies): eight conversations walk the same script, each message to the other replica.
            string[] script = ["hei", "Jeg har fått nytt nummer", "Ola, 912 34 567", "ja"];
            var conversations = Enumerable.Range(0, 8).Select(i => $"replica-chat-{i}").ToList();
            var chatReplies = await Task.WhenAll(conversations.Select(async (conversation, c) =>
            {
                var replies = new List<string>();
                for (var m = 0; m < script.Length; m++)
                {
                    var replica = replicas[(c + m) % 2];
                    var texts = await SayAsync(replica, conversation, $"{conversation}-m{m}", script[m]);
                    Assert.NotEmpty(texts);
                    replies.Add(string.Join(" | ", texts));
                }

                return replies;
            }));

            // The same activity arriving at both replicas at once (a channel retry) runs once; both answer it the same.
            var both = await Task.WhenAll(replicas.Select(r => SayAsync(r, "replica-chat-dup", "dup-1", "hei")));
            Assert.Equal(both[0], both[1]);

            // SMS: six strangers text both replicas alternately, two messages in flight at once per conversation.
            var strangers = Enumerable.Range(0, 6).Select(i => $"+479100{i:D4}").ToList();
            await Task.WhenAll(strangers.Select(async (phone, p) =>
            {
                for (var m = 0; m < 4; m += 2)
                {
                    await Task.WhenAll(
                        PostSmsAsync(replicas[(p + m) % 2], phone, $"SMrep{p:D2}{m:D2}{new string('0', 26)}", m == 0 ? "hei" : "hva er klokka"),
                        PostSmsAsync(replicas[(p + m + 1) % 2], phone, $"SMrep{p:D2}{m + 1:D2}{new string('0', 26)}", "hallo"));
                }
            }));

            // An acute message through A appears live on Marte's workspace on B.
            await PostSmsAsync(a, KariPhone, "SMacute" + new string('0', 27), "har tatt alle pillene mine");
            var raised = await ReadEventAsync(eventReader, "escalation.raised", TimeSpan.FromSeconds(20));
            Assert.NotNull(raised);

            // Every inbound runs once: SMS replies reach Twilio once each, however many replicas saw the rows.
            var inboundSms = strangers.Count * 4;
            await WaitUntilAsync(database, async db =>
                await db.Inbox.CountAsync(x => x.Status == InboundStatus.Pending) == 0
                && await db.Outbox.CountAsync(x => x.Status == OutboundStatus.Pending && x.ChannelId == "sms" && x.ConversationId.StartsWith("+479100")) == 0,
                TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(3)); // both dispatchers and inbox workers get further rounds to (wrongly) repeat anything

            await using (var db = CreateContext(database))
            {
                var inbox = await db.Inbox.AsNoTracking().ToListAsync();
                Assert.All(inbox, row => Assert.Equal(InboundStatus.Processed, row.Status));
                Assert.Equal(conversations.Count * script.Length + 1, inbox.Count(x => x.ChannelId == "test"));
                Assert.Equal(inboundSms + 1, inbox.Count(x => x.ChannelId == "sms"));

                // Each reply row went to Twilio exactly once: as many messages per phone as rows, every provider sid distinct.
                // (Staff notices to work phones may wait for office hours; only the strangers' replies are counted.)
                var outbox = (await db.Outbox.AsNoTracking().ToListAsync())
                    .Where(x => strangers.Any(s => x.ConversationId.Contains(s[1..], StringComparison.Ordinal))).ToList();
                Assert.All(outbox, row => Assert.Equal(OutboundStatus.Sent, row.Status));
                var sentToStrangers = twilio.Messages.Where(x => strangers.Contains(x.To)).ToList();
                Assert.Equal(outbox.Count(x => strangers.Any(s => x.ConversationId.Contains(s[1..], StringComparison.Ordinal))), sentToStrangers.Count);
                Assert.All(strangers, phone => Assert.Equal(
                    outbox.Count(x => x.ConversationId.Contains(phone[1..], StringComparison.Ordinal)),
                    twilio.Messages.Count(x => x.To == phone)));
                Assert.All(strangers, phone => Assert.True(twilio.Messages.Count(x => x.To == phone) >= 4, $"{phone} got an answer to each message"));
                Assert.Equal(outbox.Count, outbox.Select(x => x.Id).Distinct().Count());
                Assert.Equal(outbox.Count(x => x.ProviderMessageId is not null), outbox.Select(x => x.ProviderMessageId).Where(x => x is not null).Distinct().Count());

                // The web chats all went the same way, and each ended at the same step of its dialog.
                Assert.All(chatReplies, replies => Assert.Equal(chatReplies[0], replies));
                var states = await db.States.AsNoTracking().Where(s => s.Key.Contains("replica-chat-") && !s.Key.Contains("dup")).ToListAsync();
                Assert.Equal(conversations.Count, states.Count);
                var stacks = states.Select(s => JsonNode.Parse(s.Json)!.AsObject().ToJsonString()).Select(Normalize).Distinct().ToList();
                Assert.Single(stacks);

                Assert.Equal(1, await db.Escalations.CountAsync(e => e.SenderAddress == KariPhone));
            }
        }
        catch
        {
            Console.WriteLine($"--- {a.Name}\n{a.Output}\n--- {b.Name}\n{b.Output}");
            throw;
        }
        finally
        {
            await a.KillAsync();
            await b.KillAsync();
            foreach (var home in homes)
            {
                home.Delete(recursive: true);
            }
        }
    }

    /// <summary>Signs in on <paramref name="signIn"/>, takes the person page's form token there and posts the form to <paramref name="post"/>.</summary>
    private static async Task FormFromOneReplicaPostedToTheOtherAsync(BotProcess signIn, BotProcess post)
    {
        const string kariPage = "veileder/personer/de300000-0000-4000-8000-004799990001";

        // Cookies are per host, not per port: one jar serves both replicas, as a browser behind one load balancer.
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        using var login = new FormUrlEncodedContent([new("ident", "Z990001"), new("password", "dialogue-demo"), new("redirect", "/veileder")]);
        using (var signedIn = await browser.PostAsync(new Uri(signIn.BaseAddress, "veileder/login"), login))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        }

        var page = await browser.GetStringAsync(new Uri(signIn.BaseAddress, kariPage));
        var token = Staff.WorkspaceBrowser.Token(page);
        using var form = new FormUrlEncodedContent([new("active", "off"), new("__RequestVerificationToken", token)]);
        using var saved = await browser.PostAsync(new Uri(post.BaseAddress, kariPage + "/paminnelser"), form);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal("/" + kariPage + "?r=reminders-saved", saved.Headers.Location?.OriginalString);
    }

    /// <summary>A conversation state without its timestamps and ids, to compare where two conversations stand.</summary>
    private static string Normalize(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, "\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[^\"]*\"|replica-chat-[0-9]+", "x");

    private static DialogueDbContext CreateContext(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<DialogueDbContext>();
        new DatabaseSettings(database.Provider, database.ConnectionString).Configure(options);
        return new DialogueDbContext(options.Options);
    }

    private static async Task WaitUntilAsync(TestDatabase database, Func<DialogueDbContext, Task<bool>> done, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            await using var db = CreateContext(database);
            if (await done(db))
            {
                return;
            }

            await Task.Delay(200);
        }
    }

    private static async Task<List<string>> SayAsync(BotProcess replica, string conversation, string id, string text)
    {
        var activity = Activities.Message(conversation, text, id, from: "visitor-" + conversation);
        activity["serviceUrl"] = "http://127.0.0.1:1/";
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await replica.Client.PostAsync("api/messages", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = JsonSerializer.Deserialize<ExpectedReplies>(await response.Content.ReadAsStringAsync(), ActivityJson.Options);
        return replies?.Activities?.Select(r => r.Text ?? string.Empty).ToList() ?? [];
    }

    private static async Task PostSmsAsync(BotProcess replica, string from, string sid, string body)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", AccountSid), new("ApiVersion", "2010-04-01"), new("Body", body), new("From", from),
            new("FromCountry", "NO"), new("MessageSid", sid), new("NumMedia", "0"), new("NumSegments", "1"),
            new("SmsMessageSid", sid), new("SmsSid", sid), new("SmsStatus", "received"), new("To", BotNumber),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, TwilioEndpoints.WebhookPath.TrimStart('/')) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioWebhooks.SignatureHeader, TwilioSignature.Compute(AuthToken, PublicBaseUrl + TwilioEndpoints.WebhookPath, form));
        using var response = await replica.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{replica.Name} answered the webhook {(int)response.StatusCode}");
    }

    private static async Task<string> DevTokenAsync(HttpClient client, string ident)
    {
        using var response = await client.PostAsJsonAsync("veileder/api/dev-token", new { ident, password = "dialogue-demo" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["access_token"]!.GetValue<string>();
    }

    /// <summary>Reads the event stream until an event of the type arrives; null when none does in time.</summary>
    private static async Task<string?> ReadEventAsync(StreamReader reader, string type, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (await reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line == $"event: {type}")
                {
                    return await reader.ReadLineAsync(cancel.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return null;
    }
}
