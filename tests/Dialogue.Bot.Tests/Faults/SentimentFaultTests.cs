using System.Diagnostics;
using Dialogue.Bot.Staff.Workspace;
using Dialogue.Bot.Tests.Replicas;
using Dialogue.Bot.Tests.Staff;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Health;
using Dialogue.Cases.Persistence;
using Dialogue.Safety.Screening;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dialogue.Bot.Tests.Faults;

/// <summary>
/// The optional sentiment service hangs (takes the request, never answers). An ordinary message waits for it at most
/// its configured timeout and is answered; the sentiment dependency shows degraded. A message in crisis does not ask
/// the service at all: the emergency numbers come back in the same response, before any sentiment timeout, and the
/// veileder is notified (escalation stored, SMS notice queued). When the service answers again it shows ok.
/// </summary>
[Trait("Category", "Faults")]
public sealed class SentimentFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SentimentTimeout = TimeSpan.FromSeconds(5);
    private const string MartePhone = "+4799990101";

    [Fact]
    public async Task A_hanging_sentiment_service_never_delays_the_emergency_reply_or_the_veileder()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sentiment = await HangingSentiment.StartAsync();
        await using var app = new DialogueApp(database, host: host =>
        {
            host.UseSetting("Safety:Sentiment:Endpoint", sentiment.BaseUrl);
            host.UseSetting("Safety:Sentiment:Key", "test-key");
            host.UseSetting("Safety:Sentiment:Timeout", SentimentTimeout.ToString());
        });
        using var meter = new DependencyMeter(app.Services);
        var client = app.CreateClient();

        // An ordinary message: the lexicon finds nothing, so the sentiment service is asked, and it hangs.
        var ordinary = await app.SayAsync("sentiment-kari", "hei", from: "demo-kari");
        Assert.NotEmpty(ordinary);
        Assert.Equal(1, sentiment.Requests);
        var ready = await ReadyReport.GetAsync(client);
        Assert.Equal("Degraded", ready.Status);
        Assert.Equal("Degraded", ready.StateOf("sentiment"));
        Assert.Equal(DependencyErrorKinds.Timeout, ready.ErrorKindOf("sentiment"));
        Assert.Equal(1, meter.Failures("sentiment", DependencyErrorKinds.Timeout));

        // A message in crisis while it still hangs: the emergency numbers come back in the same response, without asking
        // the service, and sooner than its timeout.
        var watch = Stopwatch.StartNew();
        var crisis = await app.SayAsync("sentiment-kari", "har tatt alle pillene mine", from: "demo-kari");
        watch.Stop();
        Assert.Contains(crisis, r => r.Contains("113", StringComparison.Ordinal));
        Assert.Equal(1, sentiment.Requests);
        Assert.True(watch.Elapsed < SentimentTimeout, $"the crisis reply took {watch.Elapsed}, not bounded by the sentiment timeout");

        // The veileder is notified: the escalation is stored and Marte's SMS notice is queued.
        var escalation = await app.WithDbAsync(db => db.Escalations.SingleAsync());
        Assert.Equal(RiskLevel.Acute, escalation.Level);
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(x => x.ChannelId == "sms" && x.ConversationId == MartePhone)));

        // Staff see that the extra check is off, as a status (not an alert), once it has stayed off a while: one failure
        // alone does not reach the banner.
        var marte = await WorkspaceBrowser.SignInAsync(app, "Z990001");
        Assert.DoesNotContain("data-dependency", (await WorkspaceBrowser.GetAsync(marte, "/veileder")).Body, StringComparison.Ordinal);
        app.Clock.Now += TimeSpan.FromSeconds(31);
        var page = (await WorkspaceBrowser.GetAsync(marte, "/veileder")).Body;
        Assert.Contains("role=\"status\" data-dependency=\"sentiment\"", page, StringComparison.Ordinal);
        Assert.Contains(app.Services.GetRequiredService<WorkspaceTexts>()[StatusTexts.Sentiment], page, StringComparison.Ordinal);

        // The service answers again: the next ordinary message uses it, and it shows ok.
        sentiment.Hang = false;
        Assert.NotEmpty(await app.SayAsync("sentiment-ola", "hei", from: "demo-ola"));
        Assert.Equal(2, sentiment.Requests);
        Assert.Equal("Ok", (await ReadyReport.GetAsync(client)).StateOf("sentiment"));
        Assert.DoesNotContain("data-dependency=\"sentiment\"", (await WorkspaceBrowser.GetAsync(marte, "/veileder")).Body, StringComparison.Ordinal);

        TestCounts.Report(output, "faults",
            $"Sentiment hanging: 1 ordinary message waited for the {SentimentTimeout.TotalSeconds:0} s timeout; the crisis reply came in " +
            $"{watch.ElapsedMilliseconds} ms with 113 and 0 sentiment requests; 1 acute escalation, 1 SMS notice to the veileder; " +
            $"sentiment requests in all {sentiment.Requests}.");
    }

    /// <summary>A sentiment service on Kestrel that takes every request and never answers, until told to answer (neutral).</summary>
    private sealed class HangingSentiment : IAsyncDisposable
    {
        private WebApplication? _app;
        private int _requests;

        public string BaseUrl { get; private set; } = string.Empty;

        public volatile bool Hang = true;

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<HangingSentiment> StartAsync()
        {
            var fake = new HangingSentiment();
            var port = BotProcess.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            app.Run(async http =>
            {
                Interlocked.Increment(ref fake._requests);
                if (fake.Hang)
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, http.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return; // the bot gave up waiting, as it should
                    }
                }

                await http.Response.WriteAsJsonAsync(new
                {
                    kind = "SentimentAnalysisResults",
                    results = new { documents = new[] { new { id = "1", sentiment = "neutral", confidenceScores = new { positive = 0.3, neutral = 0.6, negative = 0.1 } } } },
                });
            });
            await app.StartAsync();
            fake._app = app;
            fake.BaseUrl = $"http://127.0.0.1:{port}";
            return fake;
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
