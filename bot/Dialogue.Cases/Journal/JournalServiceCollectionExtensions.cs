using Dialogue.Cases.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dialogue.Cases.Journal;

public static class JournalServiceCollectionExtensions
{
    /// <summary>The case record: the sealer (woken after commits, sweeping every half minute), the read API, retention and export.</summary>
    public static IServiceCollection AddDialogueJournal(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<JournalSignal>();
        services.AddSingleton<JournalSealer>();
        services.AddHostedService<JournalSealerWorker>();
        services.AddSingleton<CaseJournal>();

        // Retention: a bad Retention:* value stops the host here, at start, with the key named.
        services.AddSingleton(RetentionSettings.From(configuration));
        services.AddSingleton<TranscriptRetention>();
        services.AddHostedService<RetentionWorker>();
        services.AddSingleton<PersonExport>();
        return services;
    }
}
