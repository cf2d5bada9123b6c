namespace Dialogue.Bot.Security;

/// <summary>Wires rate limits, the outbound SMS cap and the headers every response gets (called from <c>DialogueHost</c>).</summary>
public static class SecurityHosting
{
    /// <summary>
    /// <c>Strict-Transport-Security</c> sent in Production: a year, with subdomains. Browsers only heed it over HTTPS;
    /// behind a TLS proxy the header passes through to them.
    /// </summary>
    public const string Hsts = "max-age=31536000; includeSubDomains";

    public static WebApplicationBuilder AddDialogueSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = new RateLimitSettings();
        builder.Configuration.GetSection(RateLimitSettings.Section).Bind(settings);
        settings.Validate();
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddMetrics();
        services.AddSingleton<RateLimitMetrics>();
        services.AddSingleton<SmsFloodGuard>();
        services.AddSingleton<OutboundSmsCap>();
        services.AddInboundRateLimits(settings);
        return builder;
    }

    /// <summary>
    /// Headers for every response, whatever wrote it (pages set their own CSP): no MIME sniffing, and HSTS in
    /// Production. Goes first, so error pages and 429s get them too.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var hsts = app.Environment.IsProduction();
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (hsts)
                {
                    headers.StrictTransportSecurity = Hsts;
                }

                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
