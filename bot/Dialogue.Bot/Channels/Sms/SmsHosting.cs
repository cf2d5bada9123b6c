using Dialogue.Bot.Channels.Sms.Dev;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Sms;

namespace Dialogue.Bot.Channels.Sms;

/// <summary>Wires the SMS channel (Twilio) into the host; DialogueHost calls these two.</summary>
public static partial class SmsHosting
{
    public static WebApplicationBuilder AddTwilioSms(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var twilio = TwilioSettings.From(builder.Configuration, builder.Environment.IsDevelopment());
        services.AddSingleton(twilio);
        services.AddSingleton<TwilioEndpoints>();
        services.AddHttpClient(TwilioSmsTransport.HttpClientName, c => c.Timeout = twilio.RequestTimeout);
        services.AddSingleton<IChannelTransport, TwilioSmsTransport>();
        services.AddDialogueSms();
        if (builder.Environment.IsDevelopment())
        {
            services.AddSingleton<FakeTwilio>();
            services.AddHttpClient(FakeTwilio.CallbackClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
            services.AddHttpClient(DevSmsEndpoints.LoopbackClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        }

        return builder;
    }

    public static WebApplication MapTwilioSms(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapTwilioWebhooks();
        var settings = app.Services.GetRequiredService<TwilioSettings>();
        if (app.Environment.IsDevelopment())
        {
            app.MapDevSms();
            if (settings.UsesDevValues)
            {
                LogDevValues(app.Logger);
            }
        }

        if (string.IsNullOrEmpty(settings.AuthToken))
        {
            LogNoAuthToken(app.Logger);
        }
        else if (settings.PublicBaseUrl.Length == 0 && !app.Environment.IsDevelopment())
        {
            LogNoPublicBaseUrl(app.Logger);
        }

        return app;
    }

    [LoggerMessage(EventId = 2481, Level = LogLevel.Information,
        Message = "Development: Twilio is not configured, so SMS use dev values and the built-in fake Twilio API. Try it at /dev/sms")]
    private static partial void LogDevValues(ILogger logger);

    [LoggerMessage(EventId = 2482, Level = LogLevel.Warning,
        Message = "Twilio:AuthToken is not set: /api/sms/twilio refuses every SMS (403) and no SMS can be sent")]
    private static partial void LogNoAuthToken(ILogger logger);

    [LoggerMessage(EventId = 2483, Level = LogLevel.Warning,
        Message = "Twilio:PublicBaseUrl is not set: webhook signatures are checked against the URL this app sees, and SMS are sent without delivery receipts")]
    private static partial void LogNoPublicBaseUrl(ILogger logger);
}
