using System.Threading.RateLimiting;
using Dialogue.Cases.DirectLine;

namespace Dialogue.Bot.Channels.DirectLine;

/// <summary>Wires Direct Line and the web chat page into the host (called from <c>DialogueHost</c>).</summary>
public static partial class DirectLineHosting
{
    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration config)
    {
        var settings = new DirectLineSettings();
        config.GetSection("DirectLine").Bind(settings);
        settings.Validate();
        services.AddSingleton(settings);
        services.AddSingleton<DirectLineTokens>();
        services.AddDirectLineChannel();

        services.AddRateLimiter(limits =>
        {
            limits.AddPolicy(WebChatPage.TokenRateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PageTokensPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            // Refusals (429, Retry-After, the error body) are written by Security.InboundRateLimits for every limit.
        });

        return services;
    }

    /// <summary>Middleware (WebSockets, rate limits), static assets and the Direct Line and page endpoints.</summary>
    public static WebApplication MapDirectLine(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets();
        app.UseRateLimiter();
        app.MapDirectLineEndpoints();

        // Web Chat and the page's script and style, from wwwroot: compressed at build time (Web Chat is 3.8 MB as it
        // ships, a quarter of that compressed, which matters on a phone), with ETags.
        app.MapStaticAssets();
        app.MapWebChatPage();

        if (!app.Services.GetRequiredService<DirectLineSettings>().HasSecret)
        {
            LogNoSecret(app.Logger);
        }

        return app;
    }

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "DirectLine:Secret is empty: Direct Line tokens are signed with a random key made for this process, " +
        "so only the web chat page's own (same-origin) tokens work, tokens/generate is refused, and tokens do not " +
        "survive a restart or work on other replicas. Set DirectLine:Secret for anything else")]
    private static partial void LogNoSecret(ILogger logger);
}
