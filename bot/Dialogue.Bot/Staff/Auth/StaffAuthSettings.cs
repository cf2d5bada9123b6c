using Dialogue.Plan.Domain;

namespace Dialogue.Bot.Staff.Auth;

/// <summary>The <c>Staff</c> configuration section: how staff sign in.</summary>
public sealed class StaffAuthSettings
{
    public const string Section = "Staff";

    /// <summary>The development password of every demo account when <c>Staff:DevPassword</c> is not set.</summary>
    public const string DefaultDevPassword = "dialogue-demo";

    /// <summary>Where the platform's sign-in lives (NAIS Wonderwall's login endpoint by default).</summary>
    public const string DefaultLoginPath = "/oauth2/login";

    /// <summary>Entra ID (production sign-in). Not configured = nobody signs in outside Development.</summary>
    public EntraSettings Entra { get; set; } = new();

    /// <summary>Development only: the password of every account (the veiledere in the database).</summary>
    public string DevPassword { get; set; } = string.Empty;

    /// <summary>Development only: the key dev tokens are signed with (at least 32 characters); empty = random per process.</summary>
    public string DevSigningKey { get; set; } = string.Empty;

    /// <summary>Outside Development: where a page sends a person who is not signed in (with <c>?redirect=</c>).</summary>
    public string LoginPath { get; set; } = DefaultLoginPath;

    /// <summary>Development only: failed sign-ins per ident within <see cref="DevLoginWindow"/> before it is locked.</summary>
    public int DevLoginMaxFailures { get; set; } = 10;

    public TimeSpan DevLoginWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a dev token lives.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public static StaffAuthSettings From(IConfiguration config, bool development)
    {
        ArgumentNullException.ThrowIfNull(config);
        var settings = new StaffAuthSettings();
        config.GetSection(Section).Bind(settings);
        settings.Entra.UsePlatformDefaults(config);
        if (string.IsNullOrEmpty(settings.DevPassword) && development)
        {
            settings.DevPassword = DefaultDevPassword;
        }

        if (string.IsNullOrWhiteSpace(settings.LoginPath))
        {
            settings.LoginPath = DefaultLoginPath;
        }

        settings.Validate();
        return settings;
    }

    /// <summary>Refuses settings that would make sign-in half work, naming the key.</summary>
    public void Validate()
    {
        Entra.Validate();
        if (DevSigningKey.Length is > 0 and < 32)
        {
            throw new InvalidOperationException("Staff:DevSigningKey must be at least 32 characters (or empty for a random key).");
        }

        if (DevLoginMaxFailures < 1 || DevLoginWindow <= TimeSpan.Zero || DevTokenLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Staff:DevLoginMaxFailures, Staff:DevLoginWindow and Staff:DevTokenLifetime must be positive.");
        }

        if (!LoginPath.StartsWith('/') && !Uri.TryCreate(LoginPath, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"Staff:LoginPath must be a path such as /oauth2/login or an absolute URL, not '{LoginPath}'.");
        }
    }
}

/// <summary>
/// The <c>Staff:Entra</c> section: the app registration whose access tokens the app accepts, and how Entra ID groups
/// map to offices and roles.
/// </summary>
public sealed class EntraSettings
{
    /// <summary>The tenant (directory) id.</summary>
    public string TenantId { get; set; } = string.Empty;

    /// <summary>The app registration's client id: the tokens' audience (<c>api://{ClientId}</c> is accepted too).</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Empty = <c>https://login.microsoftonline.com/{TenantId}/v2.0</c>.</summary>
    public string Authority { get; set; } = string.Empty;

    /// <summary>Empty = <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string MetadataAddress { get; set; } = string.Empty;

    /// <summary>Entra ID group object id → office id (four digits). A token needs exactly one mapped office.</summary>
    public Dictionary<string, string> OfficeGroups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Group object ids that make a member of staff a team lead.</summary>
    public List<string> TeamLeadGroups { get; set; } = [];

    /// <summary>Clock skew allowed on token lifetimes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public bool Configured => !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId);

    public string EffectiveAuthority =>
        string.IsNullOrWhiteSpace(Authority) ? $"https://login.microsoftonline.com/{TenantId.Trim()}/v2.0" : Authority.Trim().TrimEnd('/');

    /// <summary>The issuer Entra ID writes into v2.0 access tokens for this tenant.</summary>
    public string Issuer => $"https://login.microsoftonline.com/{TenantId.Trim()}/v2.0";

    public IReadOnlyList<string> Audiences => [ClientId.Trim(), $"api://{ClientId.Trim()}"];

    /// <summary>The office of each mapped group (validated).</summary>
    public IReadOnlyDictionary<string, OfficeId> Offices() =>
        OfficeGroups.ToDictionary(g => g.Key.Trim(), g => new OfficeId(g.Value.Trim()), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// On NAIS, <c>azure.application.enabled</c> injects the app registration as <c>AZURE_APP_TENANT_ID</c>,
    /// <c>AZURE_APP_CLIENT_ID</c> and <c>AZURE_APP_WELL_KNOWN_URL</c>: used when TenantId and ClientId are both empty here.
    /// </summary>
    public void UsePlatformDefaults(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!string.IsNullOrWhiteSpace(TenantId) || !string.IsNullOrWhiteSpace(ClientId)
            || string.IsNullOrWhiteSpace(config["AZURE_APP_TENANT_ID"]) || string.IsNullOrWhiteSpace(config["AZURE_APP_CLIENT_ID"]))
        {
            return;
        }

        TenantId = config["AZURE_APP_TENANT_ID"]!;
        ClientId = config["AZURE_APP_CLIENT_ID"]!;
        if (string.IsNullOrWhiteSpace(MetadataAddress) && string.IsNullOrWhiteSpace(Authority))
        {
            MetadataAddress = config["AZURE_APP_WELL_KNOWN_URL"] ?? string.Empty;
        }
    }

    public void Validate()
    {
        var tenant = !string.IsNullOrWhiteSpace(TenantId);
        var client = !string.IsNullOrWhiteSpace(ClientId);
        if (tenant != client)
        {
            throw new InvalidOperationException("Staff:Entra needs both TenantId and ClientId (or neither, for no Entra ID sign-in).");
        }

        foreach (var (group, office) in OfficeGroups)
        {
            if (string.IsNullOrWhiteSpace(group) || !StaffUser.IsOfficeId(office?.Trim()))
            {
                throw new InvalidOperationException(
                    $"Staff:Entra:OfficeGroups maps a group object id to an office of four digits, such as 0219; '{group}' maps to '{office}'.");
            }
        }

        foreach (var (name, value) in new[] { ("Authority", Authority), ("MetadataAddress", MetadataAddress) })
        {
            if (!string.IsNullOrWhiteSpace(value) && !(Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"Staff:Entra:{name} must be an absolute https URL, not '{value}'.");
            }
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5))
        {
            throw new InvalidOperationException("Staff:Entra:ClockSkew must be between 0 and 5 minutes.");
        }
    }
}
