using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dialogue.Safety.Screening;
using Dialogue.Safety.Screening.Sentiment;

namespace Dialogue.Safety.Tests;

/// <summary>
/// The optional Azure sentiment signal: a strongly negative message the lexicon finds nothing in becomes moderate, never
/// more; a positive answer, an error status, a timeout or a malformed answer changes nothing.
/// </summary>
public sealed class SentimentTests
{
    private static readonly LexiconScreener Lexicon = new();

    [Fact]
    public async Task A_positive_message_adds_nothing()
    {
        var handler = new FakeHandler(_ => Json(Scores(positive: 0.97, negative: 0.01)));

        var assessment = await Screen(handler, "fikk jobben i dag!");

        Assert.Equal(RiskLevel.None, assessment.Level);
        Assert.DoesNotContain(assessment.Signals, s => s.Id == SafetyScreener.SentimentId);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_strongly_negative_message_becomes_moderate()
    {
        var handler = new FakeHandler(_ => Json(Scores(positive: 0.01, negative: 0.96)));

        var assessment = await Screen(handler, "dagen i dag var bare grå");

        Assert.Equal(RiskLevel.Moderate, assessment.Level);
        var signal = Assert.Single(assessment.Signals, s => s.Id == "sentiment.negative");
        Assert.Equal(RiskLevel.Moderate, signal.Level);
        Assert.Equal("sentiment", signal.Category);
    }

    [Fact]
    public async Task A_mildly_negative_message_adds_nothing()
    {
        var handler = new FakeHandler(_ => Json(Scores(positive: 0.2, negative: 0.7)));

        var assessment = await Screen(handler, "det regner igjen");

        Assert.Equal(RiskLevel.None, assessment.Level);
    }

    [Fact]
    public async Task The_remote_signal_is_never_above_moderate()
    {
        var screener = new SafetyScreener(Lexicon, new FixedSignal(new RiskSignal(SafetyScreener.SentimentId, "sentiment", RiskLevel.Acute, "x")));

        var assessment = await screener.ScreenAsync("det regner igjen", ScreeningContext.None, CancellationToken.None);

        Assert.Equal(RiskLevel.Moderate, assessment.Level);
        Assert.All(assessment.Signals, s => Assert.True(s.Level <= RiskLevel.Moderate));
    }

    [Fact]
    public async Task A_message_the_lexicon_finds_is_decided_without_asking()
    {
        var handler = new FakeHandler(_ => Json(Scores(positive: 0.99, negative: 0.0)));

        var assessment = await Screen(handler, "har sprukket igjen");

        Assert.Equal(RiskLevel.High, assessment.Level);
        Assert.Equal(0, handler.Calls);
    }

    public static TheoryData<string> Failures() => ["500", "timeout", "malformed", "unexpected", "unreachable"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Errors_and_timeouts_change_nothing(string failure)
    {
        var handler = new FakeHandler(async (request, cancellationToken) => failure switch
        {
            "500" => new HttpResponseMessage(HttpStatusCode.InternalServerError),
            "timeout" => await Delay(cancellationToken),
            "malformed" => Json("{ \"results\": [ not json"),
            "unexpected" => Json("""{ "results": { "documents": [] } }"""),
            _ => throw new HttpRequestException("unreachable"),
        });

        var assessment = await Screen(handler, "dagen i dag var bare grå", TimeSpan.FromMilliseconds(200));

        Assert.Equal(RiskLevel.None, assessment.Level);
        Assert.DoesNotContain(assessment.Signals, s => s.Id == SafetyScreener.SentimentId);
    }

    [Fact]
    public async Task The_request_goes_to_the_language_endpoint_with_the_key()
    {
        HttpRequestMessage? seen = null;
        string? body = null;
        var handler = new FakeHandler(async (request, cancellationToken) =>
        {
            seen = request;
            body = await request.Content!.ReadAsStringAsync(cancellationToken);
            return Json(Scores(positive: 0.5, negative: 0.1));
        });

        await Screen(handler, "hei på deg");

        Assert.NotNull(seen);
        Assert.Equal(HttpMethod.Post, seen.Method);
        Assert.Equal("https://lang.example.com/language/:analyze-text?api-version=2023-04-01", seen.RequestUri!.ToString());
        Assert.Equal("secret", Assert.Single(seen.Headers.GetValues("Ocp-Apim-Subscription-Key")));
        var json = JsonNode.Parse(body!)!;
        Assert.Equal("SentimentAnalysis", (string?)json["kind"]);
        Assert.Equal("hei på deg", (string?)json["analysisInput"]!["documents"]![0]!["text"]);
    }

    [Fact]
    public void Settings_are_configured_only_with_endpoint_and_key()
    {
        Assert.Equal("Safety:Sentiment", SentimentSettings.SectionName);
        Assert.False(new SentimentSettings().IsConfigured);
        Assert.False(new SentimentSettings { Endpoint = "https://x" }.IsConfigured);
        Assert.True(new SentimentSettings { Endpoint = "https://x", Key = "k" }.IsConfigured);

        using var http = new HttpClient();
        Assert.Throws<ArgumentException>(() => new AzureSentimentSignal(http, new SentimentSettings()));
    }

    [Fact]
    public async Task Without_a_sentiment_signal_the_lexicon_decides_alone()
    {
        var screener = new SafetyScreener(Lexicon);

        var assessment = await screener.ScreenAsync("føler meg ensom", ScreeningContext.None, CancellationToken.None);

        Assert.Equal(RiskLevel.Moderate, assessment.Level);
        Assert.Equal("2026-12-06.1", assessment.LexiconVersion);
    }

    private static async Task<RiskAssessment> Screen(FakeHandler handler, string text, TimeSpan? timeout = null)
    {
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var settings = new SentimentSettings { Endpoint = "https://lang.example.com/", Key = "secret", Timeout = timeout ?? TimeSpan.FromSeconds(5) };
        var screener = new SafetyScreener(Lexicon, new AzureSentimentSignal(http, settings));
        return await screener.ScreenAsync(text, ScreeningContext.None, CancellationToken.None);
    }

    private static string Scores(double positive, double negative) =>
        $$"""
        { "kind": "SentimentAnalysisResults", "results": { "documents": [ { "id": "1", "sentiment": "mixed",
          "confidenceScores": { "positive": {{positive.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "neutral": 0.0,
          "negative": {{negative.ToString(System.Globalization.CultureInfo.InvariantCulture)}} } } ], "errors": [], "modelVersion": "2022-11-01" } }
        """;

    private static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static async Task<HttpResponseMessage> Delay(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        return Json(Scores(positive: 0, negative: 1));
    }

    private sealed class FakeHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        public FakeHandler(Func<HttpRequestMessage, HttpResponseMessage> respond)
            : this((request, _) => Task.FromResult(respond(request)))
        {
        }

        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return respond(request, cancellationToken);
        }
    }

    private sealed class FixedSignal(RiskSignal signal) : ISentimentSignal
    {
        public ValueTask<RiskSignal?> AnalyzeAsync(string text, CancellationToken cancellationToken) => ValueTask.FromResult<RiskSignal?>(signal);
    }
}
