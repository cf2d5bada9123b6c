namespace Dialogue.Bot.Hosting;

/// <summary>The Bot Framework channel registration (<c>MicrosoftAppId</c>, ...). An empty app id means no channel auth: local use only.</summary>
public sealed class BotSettings
{
    public string MicrosoftAppId { get; set; } = string.Empty;

    public string MicrosoftAppPassword { get; set; } = string.Empty;

    public string MicrosoftAppTenantId { get; set; } = string.Empty;

    public bool ChannelAuthEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}
