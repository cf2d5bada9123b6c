using Dialogue.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Audit;

/// <summary><c>Audit:*</c>: what the audit log calls this application, and which proxies may say who the client is.</summary>
public sealed class AccessAuditSettings
{
    /// <summary><c>Audit:ApplicationName</c>, the CEF device vendor field. Default <c>dialogue</c>.</summary>
    public string ApplicationName { get; set; } = "dialogue";

    /// <summary>
    /// <c>Audit:TrustedProxies</c>: IP addresses of reverse proxies whose <c>X-Forwarded-For</c> is believed. Empty
    /// (default): the audit records the connection's own address and ignores forwarded headers.
    /// </summary>
    public IList<string> TrustedProxies { get; } = [];
}

/// <summary>
/// The access audit log: who read whose data, what, when and from where. Each event is written as a row of the
/// append-only <c>access_audit</c> table, then as one CEF line at Information to the logger category
/// <see cref="LoggerCategory"/> (for NAV's audit log collector). Call it <b>before</b> returning the data: when the
/// row cannot be written this throws, and the read must fail (no unaudited reads).
/// </summary>
public sealed partial class AccessAudit(
    IDbContextFactory<DialogueDbContext> dbFactory, TimeProvider clock, AccessAuditSettings settings, ILoggerFactory loggers)
{
    /// <summary>The logger category of the CEF lines; route it to the audit log collector.</summary>
    public const string LoggerCategory = "Dialogue.Audit";

    public const int MaxResourceLength = 200;
    public const int MaxPathLength = 400;
    public const int MaxUserAgentLength = 400;

    private readonly ILogger _cef = loggers.CreateLogger(LoggerCategory);

    /// <summary>Writes the event (row, then CEF line) and returns the row as stored.</summary>
    public async Task<AccessAuditRecord> RecordAsync(AccessAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentException.ThrowIfNullOrWhiteSpace(auditEvent.Resource);
        var now = clock.GetUtcNow();
        var record = new AccessAuditRecord
        {
            Id = Guid.CreateVersion7(now),
            At = now,
            ActorIdent = auditEvent.Actor.Ident,
            ActorOffice = auditEvent.Actor.Office,
            ActorRole = auditEvent.Actor.Role,
            Action = auditEvent.Action.Code ?? throw new ArgumentException("The audit action is missing.", nameof(auditEvent)),
            Decision = auditEvent.Decision,
            PersonId = auditEvent.Person,
            Resource = Cut(auditEvent.Resource, MaxResourceLength)!,
            Method = Cut(auditEvent.Source.Method, 10) ?? string.Empty,
            Path = Cut(auditEvent.Source.Path, MaxPathLength) ?? string.Empty,
            ClientAddress = Cut(auditEvent.Source.ClientAddress, 64),
            UserAgent = Cut(auditEvent.Source.UserAgent, MaxUserAgentLength),
        };

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            db.AccessAudit.Add(record);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        LogCef(_cef, CefLine.Format(record, settings.ApplicationName));
        return record;
    }

    private static string? Cut(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];

    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "{Cef}")]
    private static partial void LogCef(ILogger logger, string cef);
}
