namespace Dialogue.Safety.Screening.Sentiment;

/// <summary>Why the sentiment service gave no usable answer.</summary>
public enum SentimentFailure
{
    /// <summary>No answer within <c>Safety:Sentiment:Timeout</c>.</summary>
    Timeout,

    /// <summary>The service could not be reached.</summary>
    Unreachable,

    /// <summary>It answered 5xx.</summary>
    ServerError,

    /// <summary>It refused the request (any other non-success status: a wrong key, throttling).</summary>
    Refused,

    /// <summary>It answered something that is not a sentiment result.</summary>
    InvalidAnswer,
}

/// <summary>
/// Told whether the sentiment service answered, so the host can show it as degraded. Never given the message text.
/// </summary>
public interface ISentimentHealth
{
    /// <summary>The service gave a usable answer.</summary>
    void Answered();

    /// <summary>The service did not.</summary>
    void Failed(SentimentFailure failure);
}
