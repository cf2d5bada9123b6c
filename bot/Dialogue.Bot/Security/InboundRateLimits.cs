using System.Globalization;
using System.Threading.RateLimiting;
using Dialogue.Bot.Channels.DirectLine;
using Dialogue.Bot.Endpoints;
using Dialogue.Bot.Staff.Audit;
using Dialogue.Bot.Staff.Auth;
using Microsoft.AspNetCore.RateLimiting;

namespace Dialogue.Bot.Security;

/// <summary>
/// Per-address limits on the inbound endpoints (fixed one-minute windows, in memory per replica): Bot Framework
/// activities, Direct Line, the Twilio webhooks and staff sign-in. The address is the connection's, or the client in
/// <c>X-Forwarded-For</c> when the connection is a proxy listed in <c>Audit:TrustedProxies</c> (the same rule as the
/// access audit), so a caller cannot pick its own partition by sending the header. Over the limit: 429 with
/// <c>Retry-After</c> and a JSON error, counted in <c>Dialogue.RateLimits</c>.
/// </summary>
public static partial class InboundRateLimits
{
    public const string Messages = "messages";
    public const string DirectLine = "directline";
    public const string Twilio = "twilio";
    public const string StaffSignIn = "staff-signin";

    /// <summary>The endpoint group a request belongs to, or null when no per-address limit applies.</summary>
    public static string? GroupOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path;
        if (path.StartsWithSegments("/api/messages", StringComparison.OrdinalIgnoreCase))
        {
            return Messages;
        }

        if (path.StartsWithSegments(DirectLineEndpoints.BasePath, StringComparison.OrdinalIgnoreCase))
        {
            return DirectLine;
        }

        if (path.StartsWithSegments("/api/sms/twilio", StringComparison.OrdinalIgnoreCase))
        {
            return Twilio;
        }

        if (HttpMethods.IsPost(request.Method)
            && (path.Equals(StaffPaths.Login, StringComparison.OrdinalIgnoreCase) || path.Equals(StaffPaths.DevToken, StringComparison.OrdinalIgnoreCase)))
        {
            return StaffSignIn;
        }

        return null;
    }

    public static IServiceCollection AddInboundRateLimits(this IServiceCollection services, RateLimitSettings settings)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<StaffAudit, RateLimitMetrics, ILoggerFactory>((options, audit, metrics, loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(InboundRateLimits));
            if (settings.Enabled)
            {
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                {
                    var group = GroupOf(http.Request);
                    if (group is null)
                    {
                        return RateLimitPartition.GetNoLimiter(string.Empty);
                    }

                    var permits = group switch
                    {
                        Messages => settings.MessagesPerMinute,
                        DirectLine => settings.DirectLinePerMinute,
                        Twilio => settings.TwilioPerMinute,
                        _ => settings.StaffSignInPerMinute,
                    };
                    return RateLimitPartition.GetFixedWindowLimiter($"{group}|{audit.ClientAddress(http) ?? "unknown"}", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = permits,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
                });
            }

            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : 60;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var group = http.Request.Path.Equals(WebChatPage.TokenPath, StringComparison.OrdinalIgnoreCase) ? "webchat-token" : GroupOf(http.Request) ?? "other";
                metrics.Rejected(group);
                LogRejected(logger, group, http.Request.Path);
                var result = group == "webchat-token"
                    ? WebChatPage.TooManyTokens()
                    : ApiErrors.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests",
                        $"Too many requests from this address. Wait {retryAfter.ToString(CultureInfo.InvariantCulture)} seconds and try again.");
                await result.ExecuteAsync(http).ConfigureAwait(false);
            };
        });
        return services;
    }

    [LoggerMessage(EventId = 2701, Level = LogLevel.Warning, Message = "Rate limit: refused a request to {Path} ({Group}) with 429")]
    private static partial void LogRejected(ILogger logger, string group, string path);
}
