using Dialogue.Cases.Messaging;
using Dialogue.Framework.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Cases.DirectLine;

public static class DirectLineServiceCollectionExtensions
{
    /// <summary>The Direct Line conversations' store and feed, the outbound transport for "directline" and the typing indicator.</summary>
    public static IServiceCollection AddDirectLineChannel(this IServiceCollection services)
    {
        services.AddSingleton<ConversationFeed>();
        services.AddSingleton<DirectLineStore>();
        services.AddSingleton<IChannelTransport, DirectLineTransport>();
        services.AddSingleton<ITurnMiddleware, TypingIndicatorMiddleware>();
        return services;
    }
}
