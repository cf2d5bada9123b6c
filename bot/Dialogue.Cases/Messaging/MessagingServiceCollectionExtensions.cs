using Dialogue.Cases.Persistence;
using Dialogue.Cases.Replicas;
using Dialogue.Cases.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Inbox, turn processing and the outbox workers, with the coordination between replicas (locks and signals: on
    /// PostgreSQL across every replica, on SQLite within the one process). The host provides <see cref="IOutboundTransport"/>.
    /// </summary>
    public static IServiceCollection AddDialogueMessaging(this IServiceCollection services, OutboxSettings? outbox = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(outbox ?? new OutboxSettings());
        services.AddSingleton<KeyedLock>();
        services.AddSingleton<ReplicaConnections>();
        services.AddSingleton<IReplicaLocks>(sp => sp.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Postgres
            ? new PostgresReplicaLocks(sp.GetRequiredService<ReplicaConnections>(), sp.GetRequiredService<KeyedLock>(),
                sp.GetRequiredService<ILogger<PostgresReplicaLocks>>())
            : new InProcessReplicaLocks(sp.GetRequiredService<KeyedLock>()));
        services.AddSingleton(_ => ReplicaIdentity.New());
        services.AddSingleton<PostgresReplicaBus>();
        services.AddSingleton<IReplicaBus>(sp => sp.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Postgres
            ? sp.GetRequiredService<PostgresReplicaBus>()
            : new LocalReplicaBus(sp.GetRequiredService<ReplicaIdentity>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresReplicaBus>());
        services.AddSingleton<ReplicaListener>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaListener>());
        services.TryAddSingleton<DialogueMetrics>();
        services.TryAddSingleton<QueueDepths>();
        services.TryAddSingleton<Health.DependencyMonitor>();
        services.TryAddSingleton<Dialogue.Framework.Turns.ITransientFailures, Health.DatabaseTransientFailures>();
        services.AddSingleton<ITurnCommitListener, TelemetryCommitListener>();
        services.AddSingleton<MessagingSignals>();
        services.AddSingleton<TurnProcessor>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<InboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }

}
