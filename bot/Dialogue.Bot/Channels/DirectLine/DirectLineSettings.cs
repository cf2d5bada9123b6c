namespace Dialogue.Bot.Channels.DirectLine;

/// <summary>
/// The <c>DirectLine</c> configuration section. <c>DirectLine:Secret</c> is what trusted servers use to generate tokens
/// (and to call the API directly); when it is empty, only the web chat page's own tokens work.
/// </summary>
public sealed class DirectLineSettings
{
    public string Secret { get; set; } = string.Empty;

    /// <summary>How long a conversation token lives; clients refresh it before then.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a stream URL may be used to connect; a client that reconnects later asks for a fresh one.</summary>
    public TimeSpan StreamUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An empty WebSocket message is sent after this much silence, so proxies and phones keep the connection.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a WebSocket stream looks in the database for activities even without news in this process (replies
    /// delivered by another replica).
    /// </summary>
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many web chat tokens one network address may get per minute (the page asks for one per visit).</summary>
    public int PageTokensPerMinute { get; set; } = 10;

    public bool HasSecret => !string.IsNullOrEmpty(Secret);

    /// <summary>Refuses settings the channel cannot work with, naming the key, so the host does not start half broken.</summary>
    public void Validate()
    {
        Positive(TokenLifetime, nameof(TokenLifetime));
        Positive(StreamUrlLifetime, nameof(StreamUrlLifetime));
        Positive(KeepAliveInterval, nameof(KeepAliveInterval));
        Positive(StreamPollInterval, nameof(StreamPollInterval));
        if (PageTokensPerMinute < 1)
        {
            throw new InvalidOperationException($"DirectLine:{nameof(PageTokensPerMinute)} must be at least 1.");
        }

        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"DirectLine:{name} must be a positive time span, e.g. 00:00:30.");
            }
        }
    }
}
