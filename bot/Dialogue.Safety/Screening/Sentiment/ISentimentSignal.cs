namespace Dialogue.Safety.Screening.Sentiment;

/// <summary>
/// An optional remote opinion on a message. Returns a signal when the message reads strongly negative, otherwise null —
/// also on any timeout or error: screening must never depend on it.
/// </summary>
public interface ISentimentSignal
{
    ValueTask<RiskSignal?> AnalyzeAsync(string text, CancellationToken cancellationToken);
}
