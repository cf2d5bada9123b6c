namespace Dialogue.Bot.Auth;

/// <summary>Registers Bot Framework channel authentication: inbound token checks and the bot's own Connector tokens.</summary>
public static class BotFrameworkAuth
{
    /// <summary>The HttpClient for the OpenID metadata, the signing keys and the token endpoint.</summary>
    public const string HttpClientName = "botframework-auth";

    public static IServiceCollection AddBotFrameworkAuth(this IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<ChannelSigningKeys>();
        services.AddSingleton<ChannelAuthenticator>();
        services.AddSingleton<ConnectorTokens>();
        return services;
    }
}
