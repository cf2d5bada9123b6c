using Dialogue.Cases.Messaging;
using Dialogue.Framework.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Cases.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// The SMS channel's turn side: STOPP/START (middleware, so register it after the middleware that must see every
    /// message), reply packing, proactive sending, delivery receipts and the delivery log. The host adds the transport.
    /// </summary>
    public static IServiceCollection AddDialogueSms(this IServiceCollection services)
    {
        services.AddSingleton<ITurnServices, SmsTurnServices>();
        services.AddSingleton<ITurnMiddleware, SmsOptOutMiddleware>();
        services.AddSingleton<IReplyPacker, SmsReplyPacker>();
        services.AddSingleton<SmsOptOuts>();
        services.AddSingleton<ProactiveSms>();
        services.AddSingleton<SmsDeliveryReceipts>();
        services.AddSingleton<SmsDeliveryLog>();
        return services;
    }
}
