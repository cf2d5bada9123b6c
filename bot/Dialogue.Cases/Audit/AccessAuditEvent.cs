using System.Text.RegularExpressions;
using Dialogue.Plan.Domain;

namespace Dialogue.Cases.Audit;

/// <summary>
/// What a member of staff did with someone's data, as a code: <c>transcript.read</c>, <c>person.read</c>,
/// <c>transcript.export</c>, <c>person.export</c>, <c>log.search</c>. Lower-case words joined by dots.
/// </summary>
public readonly partial record struct AuditAction
{
    public AuditAction(string code)
    {
        if (code is null || code.Length > 40 || !Pattern().IsMatch(code))
        {
            throw new ArgumentException($"An audit action is lower-case words joined by dots (at most 40 characters), not '{code}'.", nameof(code));
        }

        Code = code;
    }

    /// <summary>Read a conversation's transcript (the conversation page, its live fragment, the staff API).</summary>
    public static AuditAction TranscriptRead { get; } = new("transcript.read");

    /// <summary>Open a person's page (plan, contact details, history).</summary>
    public static AuditAction PersonRead { get; } = new("person.read");

    public static AuditAction TranscriptExport { get; } = new("transcript.export");

    public static AuditAction PersonExport { get; } = new("person.export");

    /// <summary>Search the conversation log (log review).</summary>
    public static AuditAction LogSearch { get; } = new("log.search");

    public string Code { get; }

    public override string ToString() => Code;

    [GeneratedRegex("^[a-z]+(\\.[a-z_]+)+$")]
    private static partial Regex Pattern();
}

/// <summary>Whether the data was shown. A refused attempt (another office's id: a 404) is audited as <see cref="Deny"/>.</summary>
public enum AccessDecision
{
    Permit,
    Deny,
}

/// <summary>Who read: the signed-in member of staff.</summary>
public sealed record AuditActor(VeilederId Ident, OfficeId Office, StaffRole Role);

/// <summary>From where: the client's address (after trusted proxies only) and user agent, and the request line.</summary>
public sealed record AuditSource(string? ClientAddress, string? UserAgent, string Method, string Path);

/// <summary>
/// One access to personal data for the access audit log: who (<see cref="Actor"/>), whose data (<see cref="Person"/>,
/// when known, and <see cref="Resource"/>, e.g. <c>handoff:{id}</c> or <c>conversation:sms/+4799990001</c>), what
/// (<see cref="Action"/>), whether it was allowed (<see cref="Decision"/>) and from where (<see cref="Source"/>). The time
/// is the audit service's clock when it is recorded.
/// </summary>
public sealed record AccessAuditEvent(
    AuditActor Actor,
    AuditAction Action,
    AccessDecision Decision,
    PersonId? Person,
    string Resource,
    AuditSource Source);
