using Dialogue.Plan.Domain;
using Dialogue.Safety.Screening;

namespace Dialogue.Cases.Journal;

/// <summary>
/// One entry of a person's case record (journal): append-only and hash-chained per case. Written unsealed
/// (<see cref="Seq"/>, <see cref="PrevHash"/> and <see cref="Hash"/> null) in the same transaction as what it records;
/// <see cref="JournalSealer"/> later gives it its place in the chain. After that it never changes, except that
/// retention may clear <see cref="Text"/> and <see cref="DataJson"/> of a message (<see cref="Redacted"/>), keeping
/// <see cref="ContentHash"/> so the chain still verifies. Corrections are new entries whose <see cref="RefersTo"/>
/// names the old one. See <see cref="JournalHash"/> for the exact hash format.
/// </summary>
public sealed class JournalEntry
{
    public long Id { get; set; }

    /// <summary>The case: every entry belongs to exactly one person. Strangers (no case) are not journaled.</summary>
    public required PersonId PersonId { get; init; }

    /// <summary>Position in the person's chain, 1, 2, 3...; null until sealed.</summary>
    public long? Seq { get; set; }

    /// <summary>What it records; one of <see cref="JournalKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>When it happened (UTC, microsecond precision so every database stores it exactly).</summary>
    public required DateTimeOffset At { get; init; }

    public string? ChannelId { get; init; }

    public string? ConversationId { get; init; }

    /// <summary>Who: one of <see cref="JournalActors"/>.</summary>
    public required string Actor { get; init; }

    /// <summary>The veileder's name when a veileder acted.</summary>
    public string? ActorName { get; init; }

    /// <summary>The risk level of a screened message or of an escalation (for log search); null when none.</summary>
    public RiskLevel? RiskLevel { get; init; }

    /// <summary>Readable content (message text, summary, goal...), searchable. Null after retention redacted it.</summary>
    public string? Text { get; set; }

    /// <summary>Structured content as JSON. Null after retention redacted it.</summary>
    public string? DataJson { get; set; }

    /// <summary>The entry this one corrects or refers to (a correction, a delivery receipt's message, a retention list).</summary>
    public long? RefersTo { get; init; }

    /// <summary>SHA-256 (hex) over <see cref="Text"/> and <see cref="DataJson"/> as written; kept when they are redacted.</summary>
    public required string ContentHash { get; init; }

    /// <summary>The previous entry's <see cref="Hash"/> in the chain ("" for the first); null until sealed.</summary>
    public string? PrevHash { get; set; }

    /// <summary>SHA-256 (hex) over the canonical form of the entry (see <see cref="JournalHash"/>); null until sealed.</summary>
    public string? Hash { get; set; }

    /// <summary>Text and data were removed by retention; a later <c>retention</c> entry of the chain names this one.</summary>
    public bool Redacted { get; set; }

    /// <summary>A new unsealed entry with its content hash computed and its time normalised.</summary>
    public static JournalEntry Create(
        PersonId person, string kind, DateTimeOffset at, string actor, string? text = null, string? dataJson = null,
        string? channelId = null, string? conversationId = null, string? actorName = null, RiskLevel? riskLevel = null, long? refersTo = null) =>
        new()
        {
            PersonId = person,
            Kind = kind,
            At = JournalHash.Normalize(at),
            Actor = actor,
            ActorName = actorName,
            ChannelId = channelId,
            ConversationId = conversationId,
            RiskLevel = riskLevel is Dialogue.Safety.Screening.RiskLevel.None ? null : riskLevel,
            Text = text,
            DataJson = dataJson,
            RefersTo = refersTo,
            ContentHash = JournalHash.Content(text, dataJson),
        };
}

/// <summary>The kinds of journal entries.</summary>
public static class JournalKinds
{
    /// <summary>What the person wrote (with risk level and signals when screened moderate or worse).</summary>
    public const string MessageIn = "message.in";

    /// <summary>What the bot said.</summary>
    public const string MessageOut = "message.out";

    /// <summary>What a veileder wrote to the person during a handoff.</summary>
    public const string MessageVeileder = "message.veileder";

    /// <summary>The final delivery status of an SMS sent to the person (delivered, undelivered, failed, suppressed, dead).</summary>
    public const string SmsDelivery = "sms.delivery";

    public const string Activity = "activity";
    public const string Goal = "goal";
    public const string Appointment = "appointment";

    /// <summary>Dagsform.</summary>
    public const string Mood = "mood";

    public const string LifeSituation = "life_situation";

    /// <summary>The conversation summary, confirmed or not.</summary>
    public const string Summary = "summary";

    public const string Escalation = "escalation";

    /// <summary>One event in an escalation's history (notified, acknowledged, resolved, SLA missed...).</summary>
    public const string EscalationEvent = "escalation.event";

    public const string HandoffStart = "handoff.start";
    public const string HandoffEnd = "handoff.end";
    public const string ContactRequest = "contact_request";
    public const string Enquiry = "enquiry";

    /// <summary>Retention removed transcripts; its data names the redacted entries.</summary>
    public const string Retention = "retention";

    /// <summary>Corrects an earlier entry (<see cref="JournalEntry.RefersTo"/>).</summary>
    public const string Correction = "correction";

    /// <summary>The kinds that are transcript (both sides of a conversation): what retention removes.</summary>
    public static readonly IReadOnlySet<string> Messages = new HashSet<string>(StringComparer.Ordinal) { MessageIn, MessageOut, MessageVeileder };
}

public static class JournalActors
{
    public const string Person = "person";
    public const string Bot = "bot";
    public const string Veileder = "veileder";
    public const string System = "system";
}
