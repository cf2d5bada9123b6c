using Dialogue.Safety.Screening.Sentiment;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dialogue.Safety.Screening;

/// <summary>
/// The screener the bot uses: the <see cref="LexiconScreener"/> decides; an optional <see cref="ISentimentSignal"/> may
/// add one signal. The remote opinion is asked only when the lexicon found nothing — the one case where it can change
/// the decision — so it never delays a high or acute answer. A strongly negative message then becomes moderate (never
/// more, never less); a timeout or error changes nothing.
/// </summary>
public sealed partial class SafetyScreener : IRiskScreener
{
    /// <summary>The id of the sentiment signal.</summary>
    public const string SentimentId = "sentiment.negative";

    private readonly LexiconScreener _lexicon;
    private readonly ISentimentSignal? _sentiment;
    private readonly ILogger _logger;

    public SafetyScreener(LexiconScreener lexicon, ISentimentSignal? sentiment = null, ILogger<SafetyScreener>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        _lexicon = lexicon;
        _sentiment = sentiment;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async ValueTask<RiskAssessment> ScreenAsync(string text, ScreeningContext context, CancellationToken cancellationToken)
    {
        var assessment = _lexicon.Screen(text, context);
        if (_sentiment is null || assessment.Level != RiskLevel.None || string.IsNullOrWhiteSpace(text))
        {
            return assessment;
        }

        RiskSignal? signal;
        try
        {
            signal = await _sentiment.AnalyzeAsync(text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, ex.GetType().Name);
            return assessment;
        }

        if (signal is null)
        {
            return assessment;
        }

        var capped = signal.Level > RiskLevel.Moderate ? signal with { Level = RiskLevel.Moderate } : signal;
        return assessment with
        {
            Level = capped.Level > assessment.Level ? capped.Level : assessment.Level,
            Signals = [.. assessment.Signals, capped],
        };
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "The sentiment signal failed ({Reason}); screening goes on without it.")]
    private static partial void LogFailed(ILogger logger, string reason);
}
