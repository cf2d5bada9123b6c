using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Safety;

/// <summary>Gives every turn its escalation desk and handoff lookup, on the turn's own database context.</summary>
internal sealed class SafetyTurnServices(SafetyPolicy policy, TextCatalog texts, ILoggerFactory loggers) : ITurnServices
{
    public void Provide(ITurnContext turn, DialogueDbContext db)
    {
        var pending = new PendingStaffEvents();
        turn.Provide(pending);
        turn.Provide(new EscalationDesk(db, policy, texts, turn.Get<TurnKeeps>(), pending, loggers.CreateLogger<EscalationDesk>()));
        turn.Provide(new HandoffLookup(db));
    }
}

public static class SafetyServiceCollectionExtensions
{
    /// <summary>
    /// Distress screening first in every turn, escalations, the crisis hold, handoff, staff notices, the SLA and
    /// silence watchdog, and the staff desk. The host registers the <c>IRiskScreener</c> and <see cref="SafetyPolicy"/>.
    /// </summary>
    public static IServiceCollection AddDialogueSafety(this IServiceCollection services)
    {
        services.AddSingleton<StaffEvents>();
        services.AddSingleton<ITurnServices, SafetyTurnServices>();
        services.AddSingleton<ITurnCommitListener, StaffEventsCommitListener>();
        services.AddSingleton<ITurnMiddleware, SafetyScreeningMiddleware>();
        services.AddSingleton<ITurnMiddleware, HandoffMiddleware>();
        services.AddSingleton<ITurnMiddleware, CrisisHoldMiddleware>();
        services.AddSingleton<StaffDesk>();
        services.AddSingleton<EscalationWatchdog>();
        services.AddHostedService(sp => sp.GetRequiredService<EscalationWatchdog>());
        return services;
    }
}
