using System.Net;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Cases.Audit;
using Dialogue.Plan.Domain;

namespace Dialogue.Bot.Staff.Audit;

/// <summary>
/// The host's side of the access audit: builds an <see cref="AccessAuditEvent"/> from the signed-in
/// <see cref="StaffUser"/> and the request (method, path, client address, user agent) and records it. Endpoints that
/// show someone's data call it after reading and <b>before</b> answering; when recording fails it throws and the
/// request fails (500), so nothing is shown unaudited.
/// <code>
/// var person = await desk.HandoffAsync(actor, id, ct);
/// await audit.RecordAsync(http, AuditAction.TranscriptRead, person is null ? AccessDecision.Deny : AccessDecision.Permit,
///     personId, $"handoff:{id:D}", ct);
/// </code>
/// </summary>
public sealed class StaffAudit
{
    private readonly AccessAudit _audit;
    private readonly HashSet<IPAddress> _trustedProxies;

    public StaffAudit(AccessAudit audit, AccessAuditSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _audit = audit;
        _trustedProxies = [.. settings.TrustedProxies.Select(p => IPAddress.TryParse(p, out var address)
            ? Normalize(address)
            : throw new InvalidOperationException($"Audit:TrustedProxies holds '{p}', which is not an IP address."))];
    }

    public const string ForwardedForHeader = "X-Forwarded-For";

    /// <summary>Records one access by the signed-in member of staff. Throws when it cannot be recorded.</summary>
    public Task<AccessAuditRecord> RecordAsync(
        HttpContext http, AuditAction action, AccessDecision decision, PersonId? person, string resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = StaffUser.From(http.User)
            ?? throw new InvalidOperationException("Only a signed-in member of staff with an office can be audited.");
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var source = new AuditSource(
            ClientAddress(http), userAgent.Length == 0 ? null : userAgent, http.Request.Method, http.Request.PathBase + http.Request.Path);
        return _audit.RecordAsync(
            new AccessAuditEvent(new AuditActor(user.Ident, user.Office, user.Role), action, decision, person, resource, source),
            cancellationToken);
    }

    /// <summary>
    /// The client's address: the connection's, unless that is a trusted proxy (<c>Audit:TrustedProxies</c>); then the
    /// nearest address in <c>X-Forwarded-For</c> (read from the right) that is not a trusted proxy itself.
    /// </summary>
    public string? ClientAddress(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Connection.RemoteIpAddress is not { } remote)
        {
            return null;
        }

        var client = Normalize(remote);
        if (!_trustedProxies.Contains(client))
        {
            return client.ToString();
        }

        var hops = http.Request.Headers[ForwardedForHeader]
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        for (var i = hops.Count - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop))
            {
                break;
            }

            client = Normalize(hop);
            if (!_trustedProxies.Contains(client))
            {
                break;
            }
        }

        return client.ToString();
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

public static class StaffAuditHosting
{
    /// <summary>The access audit (<c>Audit:*</c>), for the staff endpoints and pages.</summary>
    public static WebApplicationBuilder AddStaffAudit(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = new AccessAuditSettings();
        builder.Configuration.GetSection("Audit").Bind(settings);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<AccessAudit>();
        builder.Services.AddSingleton<StaffAudit>();
        return builder;
    }
}
