using Dialogue.Cases.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dialogue.Cases.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>Inbox, turn processing and the outbox workers. The host provides <see cref="IOutboundTransport"/>.</summary>
    public static IServiceCollection AddDialogueMessaging(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<KeyedLock>();
        services.TryAddSingleton<DialogueMetrics>();
        services.TryAddSingleton<QueueDepths>();
        services.AddSingleton<ITurnCommitListener, TelemetryCommitListener>();
        services.AddSingleton<MessagingSignals>();
        services.AddSingleton<TurnProcessor>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<InboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
