namespace Dialogue.Safety.Screening.Sentiment;

/// <summary>
/// Told whether the sentiment service answered, so the host can show it as degraded. Never given the message text.
/// </summary>
public interface ISentimentHealth
{
    /// <summary>The service gave a usable answer.</summary>
    void Answered();

    /// <summary>The service did not: <paramref name="kind"/> is <c>timeout</c>, <c>server_error</c>, <c>unreachable</c> or <c>invalid_answer</c>.</summary>
    void Failed(string kind);
}
