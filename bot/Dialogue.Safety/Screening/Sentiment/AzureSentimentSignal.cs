using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dialogue.Safety.Screening.Sentiment;

/// <summary>
/// Azure AI Language sentiment analysis over its REST API (no SDK):
/// <c>POST {endpoint}/language/:analyze-text?api-version=2023-04-01</c>. A document scored negative with confidence
/// 0.9 or more gives a moderate <c>sentiment.negative</c> signal. A timeout (<see cref="SentimentSettings.Timeout"/>),
/// an error status, an unreachable service or an unexpected answer gives no signal and a warning in the log — never
/// with the message text.
/// </summary>
public sealed partial class AzureSentimentSignal : ISentimentSignal
{
    public const string ApiVersion = "2023-04-01";
    public const double NegativeThreshold = 0.9;

    private readonly HttpClient _http;
    private readonly SentimentSettings _settings;
    private readonly Uri _uri;
    private readonly ILogger _logger;
    private readonly ISentimentHealth? _health;

    /// <param name="http">The client to send with; its own timeout should be longer than the settings' timeout.</param>
    /// <param name="settings">Endpoint, key and timeout; must be configured.</param>
    /// <param name="logger">Where timeouts and errors are logged.</param>
    /// <param name="health">Told whether the service answered (the dependency status), if anyone listens.</param>
    public AzureSentimentSignal(
        HttpClient http, SentimentSettings settings, ILogger<AzureSentimentSignal>? logger = null, ISentimentHealth? health = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsConfigured)
        {
            throw new ArgumentException($"Sentiment analysis needs {SentimentSettings.SectionName}:Endpoint and :Key.", nameof(settings));
        }

        _http = http;
        _settings = settings;
        _uri = new Uri($"{settings.Endpoint!.TrimEnd('/')}/language/:analyze-text?api-version={ApiVersion}", UriKind.Absolute);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _health = health;
    }

    public async ValueTask<RiskSignal?> AnalyzeAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _uri)
            {
                Content = JsonContent.Create(new
                {
                    kind = "SentimentAnalysis",
                    analysisInput = new { documents = new[] { new { id = "1", language = "no", text } } },
                }),
            };
            request.Headers.Add("Ocp-Apim-Subscription-Key", _settings.Key);

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LogFailed(_logger, $"status {(int)response.StatusCode}");
                _health?.Failed((int)response.StatusCode >= 500 ? SentimentFailure.ServerError : SentimentFailure.Refused);
                return null;
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var json = await JsonDocument.ParseAsync(stream, cancellationToken: timeout.Token).ConfigureAwait(false);
                if (NegativeScore(json.RootElement) is not { } negative)
                {
                    LogFailed(_logger, "unexpected answer");
                    _health?.Failed(SentimentFailure.InvalidAnswer);
                    return null;
                }

                _health?.Answered();

                return negative >= NegativeThreshold
                    ? new RiskSignal(SafetyScreener.SentimentId, "sentiment", RiskLevel.Moderate,
                        string.Create(CultureInfo.InvariantCulture, $"negative {negative:0.00}"))
                    : null;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(_logger, (long)_settings.Timeout.TotalMilliseconds);
            _health?.Failed(SentimentFailure.Timeout);
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or IOException or InvalidOperationException)
        {
            // The exception type only: messages may echo parts of the request.
            LogFailed(_logger, ex.GetType().Name);
            _health?.Failed(ex is HttpRequestException ? SentimentFailure.Unreachable : SentimentFailure.InvalidAnswer);
            return null;
        }
    }

    /// <summary>results.documents[0].confidenceScores.negative, or null when the answer has another shape.</summary>
    private static double? NegativeScore(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Object
            && results.TryGetProperty("documents", out var documents) && documents.ValueKind == JsonValueKind.Array
            && documents.GetArrayLength() > 0
            && documents[0].ValueKind == JsonValueKind.Object
            && documents[0].TryGetProperty("confidenceScores", out var scores) && scores.ValueKind == JsonValueKind.Object
            && scores.TryGetProperty("negative", out var negative) && negative.ValueKind == JsonValueKind.Number
            && negative.TryGetDouble(out var value))
        {
            return value;
        }

        return null;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Sentiment analysis timed out after {TimeoutMs} ms; screening goes on without it.")]
    private static partial void LogTimedOut(ILogger logger, long timeoutMs);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Sentiment analysis failed ({Reason}); screening goes on without it.")]
    private static partial void LogFailed(ILogger logger, string reason);
}
