namespace Dialogue.Bot.Auth;

/// <summary>
/// The <c>BotFramework</c> configuration section: where channel tokens are checked against and where the bot gets
/// its own tokens for the Connector. The defaults are the public Azure cloud; change them for a sovereign cloud or a
/// local fake.
/// </summary>
public sealed class BotFrameworkSettings
{
    public const string PublicOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string PublicIssuer = "https://api.botframework.com";
    public const string DefaultTenant = "botframework.com";
    public const string DefaultScope = "https://api.botframework.com/.default";

    /// <summary>The OpenID metadata document whose <c>jwks_uri</c> lists the channel's signing keys.</summary>
    public string OpenIdMetadataUrl { get; set; } = PublicOpenIdMetadataUrl;

    /// <summary>Accepted <c>iss</c> values; empty means <see cref="PublicIssuer"/>.</summary>
    public string[]? ValidIssuers { get; set; }

    /// <summary>Tolerance on <c>nbf</c>/<c>exp</c> for clocks that disagree (the spec's industry standard: 5 minutes).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long fetched signing keys are used before they are fetched again.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A token signed with a key we do not know makes us fetch the keys again (the channel may have rotated them),
    /// but no more often than this, so made-up key ids cannot make us hammer the metadata endpoint.
    /// </summary>
    public TimeSpan UnknownKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The OAuth 2.0 token endpoint for the bot's own (client credentials) tokens. Empty means
    /// <c>https://login.microsoftonline.com/{MicrosoftAppTenantId or botframework.com}/oauth2/v2.0/token</c>.
    /// </summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>The scope asked for in the bot's own tokens.</summary>
    public string OAuthScope { get; set; } = DefaultScope;

    public IReadOnlyList<string> Issuers =>
        ValidIssuers?.Where(i => !string.IsNullOrWhiteSpace(i)).ToArray() is { Length: > 0 } issuers ? issuers : [PublicIssuer];

    public Uri TokenEndpointFor(string? tenantId) =>
        new(string.IsNullOrWhiteSpace(TokenEndpoint)
            ? $"https://login.microsoftonline.com/{Uri.EscapeDataString(string.IsNullOrWhiteSpace(tenantId) ? DefaultTenant : tenantId.Trim())}/oauth2/v2.0/token"
            : TokenEndpoint);
}
