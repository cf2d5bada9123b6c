using Dialogue.Language.Catalog;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Dialogue.Bot.Staff.Auth;

/// <summary>
/// Staff sign-in and access. Production: Entra ID access tokens, which the platform's sign-in sidecar or proxy (NAIS
/// Wonderwall, oauth2-proxy) sends on as <c>Authorization: Bearer</c>; the app checks issuer, audience, signature (keys
/// from the tenant's OpenID metadata), lifetime, and maps groups to office and role. Development: the veiledere in the
/// database sign in with one shared password (cookie at <c>/veileder/login</c>, or a dev token for scripts).
/// Only the staff policies authenticate: there is no default scheme, so <c>/api/messages</c>, Direct Line and the rest
/// never see these handlers.
/// </summary>
public static partial class StaffAuthHosting
{
    /// <summary>The HttpClient that fetches Entra ID's OpenID metadata and signing keys.</summary>
    public const string EntraHttpClientName = "staff-entra";

    public const string CookieName = "Dialogue.Staff";

    /// <summary>A staff cookie lives this long after the last request that used it.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(8);

    public static WebApplicationBuilder AddStaffAuth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        var settings = StaffAuthSettings.From(builder.Configuration, development);
        services.AddSingleton(settings);
        services.TryAddSingleton(TextCatalog.Bokmal);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, StaffAuthorizationResultHandler>();

        // No default scheme on purpose: only endpoints behind the staff policies authenticate.
        var auth = services.AddAuthentication();
        auth.AddPolicyScheme(StaffSchemes.Staff, "Staff", o => o.ForwardDefaultSelector = http => SelectScheme(http, settings, development));

        if (settings.Entra.Configured)
        {
            services.AddHttpClient(EntraHttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
            auth.AddJwtBearer(StaffSchemes.Entra, _ => { });
            services.AddOptions<JwtBearerOptions>(StaffSchemes.Entra)
                .Configure<IHttpClientFactory, TimeProvider>((o, clients, clock) => ConfigureEntra(o, settings.Entra, clients, clock));
        }

        if (development)
        {
            services.AddSingleton<DevTokens>();
            services.AddSingleton<DevLoginThrottle>();
            services.AddSingleton<DevAccounts>();
            auth.AddCookie(StaffSchemes.DevCookie, o => ConfigureCookie(o, development));
            auth.AddJwtBearer(StaffSchemes.DevBearer, _ => { });
            services.AddOptions<JwtBearerOptions>(StaffSchemes.DevBearer).Configure<DevTokens>((o, tokens) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = tokens.ValidationParameters();
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        context.Principal = DevTokens.ToStaffPrincipal(context.Principal!);
                        return Task.CompletedTask;
                    },
                };
            });
        }
        else if (!settings.Entra.Configured)
        {
            auth.AddScheme<AuthenticationSchemeOptions, NoStaffSignInHandler>(StaffSchemes.None, _ => { });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.Staff, p => p.AddAuthenticationSchemes(StaffSchemes.Staff).RequireAuthenticatedUser()
                .RequireAssertion(c => StaffUser.From(c.User) is not null))
            .AddPolicy(StaffPolicies.TeamLead, p => p.AddAuthenticationSchemes(StaffSchemes.Staff).RequireAuthenticatedUser()
                .RequireAssertion(c => StaffUser.From(c.User) is { Role: Plan.Domain.StaffRole.TeamLead }));
        return builder;
    }

    /// <summary>Authentication and authorization middleware. Call before any endpoint runs; logs how staff sign in.</summary>
    public static WebApplication UseStaffAuth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();

        var settings = app.Services.GetRequiredService<StaffAuthSettings>();
        if (settings.Entra.Configured)
        {
            LogEntra(app.Logger, settings.Entra.EffectiveAuthority, settings.Entra.OfficeGroups.Count, settings.Entra.TeamLeadGroups.Count);
            if (settings.Entra.OfficeGroups.Count == 0)
            {
                LogNoOfficeGroups(app.Logger);
            }
        }
        else if (!app.Environment.IsDevelopment())
        {
            LogNobodyCanSignIn(app.Logger, settings.LoginPath);
        }

        if (app.Environment.IsDevelopment())
        {
            LogDevSignIn(app.Logger, string.Equals(settings.DevPassword, StaffAuthSettings.DefaultDevPassword, StringComparison.Ordinal)
                ? "the documented demo password" : "the password in Staff:DevPassword");
        }

        return app;
    }

    /// <summary>Bearer header → Entra ID (or, in Development, our own dev token); otherwise the development cookie.</summary>
    internal static string SelectScheme(HttpContext http, StaffAuthSettings settings, bool development)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (development)
        {
            return bearer is null ? StaffSchemes.DevCookie
                : settings.Entra.Configured && !DevTokens.LooksLikeDevToken(bearer) ? StaffSchemes.Entra
                : StaffSchemes.DevBearer;
        }

        return settings.Entra.Configured ? StaffSchemes.Entra : StaffSchemes.None;
    }

    private static void ConfigureEntra(JwtBearerOptions o, EntraSettings entra, IHttpClientFactory clients, TimeProvider clock)
    {
        o.Authority = entra.EffectiveAuthority;
        if (!string.IsNullOrWhiteSpace(entra.MetadataAddress))
        {
            o.MetadataAddress = entra.MetadataAddress.Trim();
        }

        o.RequireHttpsMetadata = true;
        o.Backchannel = clients.CreateClient(EntraHttpClientName);
        o.MapInboundClaims = false;
        o.RefreshOnIssuerKeyNotFound = true;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            // The issuer in the tenant's metadata is accepted as well (the handler adds it).
            ValidIssuer = entra.Issuer,
            ValidAudiences = entra.Audiences,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = entra.ClockSkew,
            LifetimeValidator = StaffTokenLifetime.On(clock),
        };
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var (principal, problem) = EntraClaims.Map(context.Principal!, entra);
                if (problem != EntraAccessProblem.None)
                {
                    var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StaffAuthHosting).FullName!);
                    LogNoAccess(logger, DevAccounts.Loggable(principal.FindFirst(StaffClaims.Ident)?.Value ?? string.Empty), problem);
                }

                context.Principal = principal;
                return Task.CompletedTask;
            },
        };
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o, bool development)
    {
        o.Cookie.Name = CookieName;
        o.Cookie.Path = StaffPaths.Workspace;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        o.ExpireTimeSpan = CookieLifetime;
        o.SlidingExpiration = true;
        o.LoginPath = StaffPaths.Login;
        o.LogoutPath = StaffPaths.Logout;
        o.ReturnUrlParameter = "redirect";

        // Refusals are written by StaffAuthorizationResultHandler; a direct challenge never redirects an API call.
        o.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning,
        Message = "Staff:Entra is not configured (TenantId, ClientId): nobody can sign in to the staff workspace. /veileder/api answers 401 and pages send people to {LoginPath}")]
    private static partial void LogNobodyCanSignIn(ILogger logger, string loginPath);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information,
        Message = "Staff sign-in: Entra ID tokens from {Authority}, {OfficeGroups} office groups, {TeamLeadGroups} team-lead groups")]
    private static partial void LogEntra(ILogger logger, string authority, int officeGroups, int teamLeadGroups);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning,
        Message = "Staff:Entra:OfficeGroups is empty: Entra ID tokens are checked, but nobody gets access to any office")]
    private static partial void LogNoOfficeGroups(ILogger logger);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information,
        Message = "Staff sign-in (Development): the veiledere in the database at /veileder/login or /veileder/api/dev-token, with {Password}")]
    private static partial void LogDevSignIn(ILogger logger, string password);

    [LoggerMessage(EventId = 604, Level = LogLevel.Information, Message = "Entra ID token for {Ident} accepted, but it gives no access: {Problem}")]
    private static partial void LogNoAccess(ILogger logger, string ident, EntraAccessProblem problem);
}

/// <summary>Stands in when nobody can sign in: never authenticates anyone.</summary>
internal sealed class NoStaffSignInHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
}
