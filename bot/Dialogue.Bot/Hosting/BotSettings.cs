using Dialogue.Bot.Auth;

namespace Dialogue.Bot.Hosting;

/// <summary>
/// The Bot Framework channel registration (<c>MicrosoftAppId</c>, ...). An empty app id means no channel auth: only
/// requests from this machine are accepted, and replies carry no token.
/// </summary>
public sealed class BotSettings
{
    public string MicrosoftAppId { get; set; } = string.Empty;

    public string MicrosoftAppPassword { get; set; } = string.Empty;

    public string MicrosoftAppTenantId { get; set; } = string.Empty;

    /// <summary>The <c>BotFramework</c> section: token checking and token fetching endpoints.</summary>
    public BotFrameworkSettings BotFramework { get; set; } = new();

    public bool ChannelAuthEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}
