namespace Dialogue.Safety.Screening.Sentiment;

/// <summary>
/// Optional Azure AI Language sentiment analysis (configuration section <c>Safety:Sentiment</c>). Off unless both
/// <see cref="Endpoint"/> and <see cref="Key"/> are set.
/// </summary>
public sealed class SentimentSettings
{
    public const string SectionName = "Safety:Sentiment";

    /// <summary>The Language resource endpoint, e.g. <c>https://my-resource.cognitiveservices.azure.com</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The resource key, sent as <c>Ocp-Apim-Subscription-Key</c>.</summary>
    public string? Key { get; set; }

    /// <summary>How long screening waits for the answer before going on without it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Key);
}
