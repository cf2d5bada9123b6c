using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;

namespace Dialogue.Cases.Audit;

/// <summary>A row of <c>access_audit</c>. Append-only: the database refuses UPDATE and DELETE, and so does the code.</summary>
public sealed class AccessAuditRecord : IAppendOnly
{
    public required Guid Id { get; init; }

    public required DateTimeOffset At { get; init; }

    public required VeilederId ActorIdent { get; init; }

    public required OfficeId ActorOffice { get; init; }

    public required StaffRole ActorRole { get; init; }

    public required string Action { get; init; }

    public required AccessDecision Decision { get; init; }

    public PersonId? PersonId { get; init; }

    public required string Resource { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    public string? ClientAddress { get; init; }

    public string? UserAgent { get; init; }
}
