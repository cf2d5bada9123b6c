using Dialogue.Cases.Safety;
using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;
using Dialogue.Safety.Screening.Sentiment;

namespace Dialogue.Bot.Hosting;

/// <summary>
/// Distress screening (the local lexicon; Azure AI Language sentiment as one extra signal only when
/// <c>Safety:Sentiment:Endpoint</c> and <c>Key</c> are set), escalations, office hours, SLAs and handoff.
/// Invalid office hours or SLA settings stop the start with a message naming the key.
/// </summary>
public static class SafetyHosting
{
    public const string SentimentHttpClient = "sentiment";

    public static WebApplicationBuilder AddDialogueSafetyServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var config = builder.Configuration;
        var services = builder.Services;

        var hours = config.GetSection(OfficeHoursOptions.SectionName).Get<OfficeHoursOptions>() ?? new OfficeHoursOptions();
        var sla = config.GetSection(SlaSettings.SectionName).Get<SlaSettings>() ?? new SlaSettings();
        var safety = config.GetSection(SafetySettings.SectionName).Get<SafetySettings>() ?? new SafetySettings();
        services.AddSingleton(new SafetyPolicy(hours, sla, safety));

        var sentiment = config.GetSection(SentimentSettings.SectionName).Get<SentimentSettings>() ?? new SentimentSettings();
        services.AddSingleton(sentiment);
        services.AddHttpClient(SentimentHttpClient);
        services.AddSingleton<LexiconScreener>();
        services.AddSingleton<IRiskScreener>(sp => new SafetyScreener(
            sp.GetRequiredService<LexiconScreener>(),
            sentiment.IsConfigured
                ? new AzureSentimentSignal(
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(SentimentHttpClient),
                    sentiment,
                    sp.GetRequiredService<ILogger<AzureSentimentSignal>>(),
                    sp.GetRequiredService<Dialogue.Cases.Health.DependencyMonitor>())
                : null,
            sp.GetRequiredService<ILogger<SafetyScreener>>()));

        // The staff API speaks enums as words ("acute", "open"), not numbers.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(
            new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        services.AddSingleton<ConversationOutbox>();
        services.AddDialogueSafety();
        return builder;
    }
}
