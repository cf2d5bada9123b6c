using Dialogue.Bot.Auth;
using Dialogue.Bot.Channels;
using Dialogue.Bot.Channels.Sms;
using Dialogue.Bot.Channels.DirectLine;
using Dialogue.Bot.Endpoints;
using Dialogue.Bot.Security;
using Dialogue.Bot.Staff;
using Dialogue.Bot.Staff.Audit;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Bot.Staff.Dashboard;
using Dialogue.Bot.Staff.Workspace;
using Dialogue.Cases.Health;
using Dialogue.Cases.Journal;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Replicas;
using Dialogue.Cases.Scheduling;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Hosting;

/// <summary>Wires the host: services, endpoints and startup work. Program.cs and the tests both use this.</summary>
public static partial class DialogueHost
{
    public static WebApplicationBuilder AddDialogue(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var config = builder.Configuration;
        var services = builder.Services;

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole();
        builder.Logging.AddNationalIdentityNumberMasking();

        var botSettings = new BotSettings();
        config.Bind(botSettings);
        services.AddSingleton(botSettings);

        services.AddDialoguePersistence(DatabaseSettings.From(config["Database:Provider"], config.GetConnectionString("Dialogue"), config["Database:SqliteSynchronous"])
            with { SqliteBusyTimeout = config.GetValue("Database:SqliteBusyTimeout", TimeSpan.FromSeconds(30)) });
        services.AddDialogueMessaging(config.GetSection(OutboxSettings.SectionName).Get<OutboxSettings>());
        services.AddDialogueDependencyHealth(
            config.GetSection(DependencyHealthSettings.SectionName).Get<DependencyHealthSettings>() ?? new DependencyHealthSettings());
        services.AddDialogueJournal(config);
        services.AddDialogueDataProtection(config);

        services.AddSingleton(TextCatalog.Bokmal);
        services.AddSingleton<ITurnMiddleware, TurnLoggingMiddleware>();
        var expireAfter = config.GetValue("Conversation:ExpireAfter", TimeSpan.FromHours(24));
        var answerWithin = config.GetValue("Enquiries:AnswerWithinWorkdays", 3);
        services.AddSingleton(_ => new DialogSet(
            [.. StandardPrompts.All(), .. PlanConversation.Dialogs(), .. StrangerConversation.Dialogs(answerWithin)]));
        services.AddSingleton<IBot>(sp => new DialogBot(
            sp.GetRequiredService<DialogSet>(), PlanConversation.Id, expireAfter,
            [new LinkCodeInterruption(), new QuestionInterruption(answerWithin)], ContactRequestDialog.Id,
            [Dialogue.Plan.Scheduling.PlanEvents.CheckInStart]));
        builder.AddDialogueIdentity();
        builder.AddDialogueSafetyServices();
        services.AddSingleton(new Dialogue.Cases.Safety.EnquirySettings(answerWithin));
        services.AddSingleton<Dialogue.Cases.Safety.EnquiryDesk>();
        services.AddSingleton<TurnPipeline>();

        services.AddBotFrameworkAuth();
        services.AddHttpClient(ConnectorTransport.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<ConnectorTransport>();
        builder.AddTwilioSms();
        services.AddDirectLine(config);
        services.AddSingleton<IOutboundTransport>(sp => new OutboundRouter(
            sp.GetServices<IChannelTransport>(), sp.GetRequiredService<ConnectorTransport>()));

        services.AddDialogueSchedules(config.GetSection(ScheduleSettings.Section).Get<ScheduleSettings>() ?? new ScheduleSettings());
        builder.AddStaffAuth();
        builder.AddStaffAudit();
        builder.AddDialogueSecurity();
        services.AddStaffWorkspace(builder.Environment.IsDevelopment());
        services.AddDashboard();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<DependenciesHealthCheck>("dependencies", tags: [HealthEndpoints.ReadyTag]);
        builder.AddDialogueTelemetry();
        return builder;
    }

    public static WebApplication MapDialogue(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSecurityHeaders();
        app.UseExceptionHandler(errors => errors.Run(ApiErrors.WriteUnhandledAsync));
        app.UseStatusCodePages(ApiErrors.WriteEmptyStatusAsync);
        app.UseStaffAuth();
        app.MapHealthEndpoints();
        app.MapMessagesEndpoint();
        app.MapTwilioSms();
        app.MapDirectLine();
        app.MapStaffAuthEndpoints();
        app.MapEscalationEndpoints();
        app.MapStaffWorkspace();
        app.MapPersonPages();
        app.MapDashboard();
        app.MapLogReview();

        // Any path nothing else claims is a 404 for every method. Without this, static assets' GET-only endpoints
        // make ASP.NET answer a POST to an unknown path with 405, which misleads a caller with a wrong URL.
        app.MapFallback(() => ApiErrors.Error(StatusCodes.Status404NotFound, "NotFound", "There is nothing at this address."));
        return app;
    }

    /// <summary>Creates or upgrades the database schema, and says so loudly when channel auth is off.</summary>
    public static async Task PrepareDialogueAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        var factory = app.Services.GetRequiredService<IDbContextFactory<DialogueDbContext>>();

        // The startup lock lives in the database, so the database must exist first (a fresh PostgreSQL server).
        await settings.EnsureDatabaseExistsAsync(factory, app.Lifetime.ApplicationStopping).ConfigureAwait(false);

        // Replicas starting together migrate and seed one after the other (the later ones find it done).
        var startup = await app.Services.GetRequiredService<IReplicaLocks>()
            .AcquireAsync(ReplicaLockNames.Startup, app.Lifetime.ApplicationStopping).ConfigureAwait(false);
        await using (startup.ConfigureAwait(false))
        {
            await settings.MigrateAsync(factory, app.Lifetime.ApplicationStopping).ConfigureAwait(false);
            LogDatabaseReady(app.Logger, settings.Provider);

            // Demo data: on by default in Development, off otherwise; Demo:Seed overrides either way.
            if (app.Configuration.GetValue("Demo:Seed", app.Environment.IsDevelopment())
                && await DemoSeeder.SeedIfEmptyAsync(factory, app.Services.GetRequiredService<TimeProvider>(), app.Lifetime.ApplicationStopping)
                    .ConfigureAwait(false))
            {
                LogDemoSeeded(app.Logger);
            }

            // The shared key ring gets its first key here, one replica at a time, so replicas never start with keys of their own.
            DataProtectionHosting.EnsureKeyRing(app.Services);
        }

        // The screener's lexicon is loaded now, so a broken lexicon stops the start instead of the first turn.
        _ = app.Services.GetRequiredService<Dialogue.Safety.Screening.IRiskScreener>();

        var bot = app.Services.GetRequiredService<BotSettings>();
        if (!bot.ChannelAuthEnabled)
        {
            LogNoChannelAuth(app.Logger);
        }
        else if (string.IsNullOrEmpty(bot.MicrosoftAppPassword))
        {
            LogNoAppPassword(app.Logger);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Database ready ({Provider}), schema up to date")]
    private static partial void LogDatabaseReady(ILogger logger, DatabaseProvider provider);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Empty database: demo offices, veiledere and people added (see README)")]
    private static partial void LogDemoSeeded(ILogger logger);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "MicrosoftAppId is empty: /api/messages accepts unauthenticated requests from this machine (loopback) only, and replies carry no token. Use this only for local development")]
    private static partial void LogNoChannelAuth(ILogger logger);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "MicrosoftAppId is set but MicrosoftAppPassword is empty: the bot cannot get a token, so replies to the Bot Connector will not be delivered")]
    private static partial void LogNoAppPassword(ILogger logger);
}
