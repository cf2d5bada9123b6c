using System.Text.Json;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Journal;

/// <summary>What to look for in the office's conversations. <see cref="OfficeId"/> is required: only that office's people.</summary>
public sealed record ConversationSearch(
    OfficeId OfficeId,
    PersonId? PersonId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? ChannelId = null,
    RiskLevel? MinRiskLevel = null,
    string? Text = null,
    int Skip = 0,
    int Take = 50);

/// <summary>One conversation session found by a search.</summary>
/// <param name="SessionKey">Names the session for <see cref="CaseJournal.TranscriptAsync"/>.</param>
public sealed record ConversationHit(
    PersonId PersonId, string PersonName, string ChannelId, string ConversationId, string SessionKey,
    DateTimeOffset FirstAt, DateTimeOffset LastAt, int MessageCount, RiskLevel? HighestRisk);

/// <summary>One line of a transcript.</summary>
public sealed record JournalTranscriptLine(
    long EntryId, DateTimeOffset At, string Kind, string Actor, string? ActorName, string? Text, string? DeliveryStatus,
    RiskLevel? RiskLevel, IReadOnlyList<string> Signals, bool Redacted);

/// <summary>
/// Reads the case record for the workspace: a person's timeline, the office's conversations (log review) and one
/// conversation's transcript. Callers check that the staff member may see the person; searches are bounded to an office.
/// <para>
/// A "conversation" for log review is a session: the messages of one person in one channel conversation with no
/// silence longer than <see cref="SessionGap"/> between them (an SMS thread with a phone number never ends, so it is
/// cut at such silences). A session is named by its key <c>{channelId}|{conversationId}|{first message entry id}</c>.
/// </para>
/// </summary>
public sealed class CaseJournal(IDbContextFactory<DialogueDbContext> dbFactory)
{
    /// <summary>Silence that ends a session.</summary>
    public static readonly TimeSpan SessionGap = TimeSpan.FromHours(6);

    private static readonly string[] MessageKinds = [JournalKinds.MessageIn, JournalKinds.MessageOut, JournalKinds.MessageVeileder];

    /// <summary>The person's entries, newest first, older than <paramref name="before"/> when given.</summary>
    public async Task<IReadOnlyList<JournalEntry>> TimelineAsync(PersonId person, DateTimeOffset? before, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Journal.AsNoTracking().Where(e => e.PersonId == person);
        if (before is { } limit)
        {
            query = query.Where(e => e.At < limit);
        }

        return await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(Math.Clamp(take, 1, 500))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ConversationHit>> SearchConversationsAsync(ConversationSearch filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var people = db.Persons.AsNoTracking().Where(p => p.OfficeId == filter.OfficeId);
        if (filter.PersonId is { } only)
        {
            people = people.Where(p => p.Id == only);
        }

        var names = await people.Select(p => new { p.Id, p.FirstName, p.LastName })
            .ToDictionaryAsync(p => p.Id, p => $"{p.FirstName} {p.LastName}", cancellationToken).ConfigureAwait(false);
        var ids = names.Keys.ToList();
        var query = db.Journal.AsNoTracking().Where(e => ids.Contains(e.PersonId) && MessageKinds.Contains(e.Kind));
        if (filter.ChannelId is { } channel)
        {
            query = query.Where(e => e.ChannelId == channel);
        }

        // Sessions are cut in memory; the time window is widened by one gap so a session is not cut at its edge.
        if (filter.From is { } from)
        {
            var earliest = from - SessionGap;
            query = query.Where(e => e.At >= earliest);
        }

        if (filter.To is { } to)
        {
            var latest = to + SessionGap;
            query = query.Where(e => e.At <= latest);
        }

        var rows = await query.Select(e => new MessageRow(e.Id, e.PersonId, e.ChannelId, e.ConversationId, e.At, e.RiskLevel, e.Text))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var hits = new List<ConversationHit>();
        foreach (var session in Sessions(rows))
        {
            var first = session[0];
            var last = session[^1];
            if ((filter.From is { } f && last.At < f) || (filter.To is { } t && first.At > t))
            {
                continue;
            }

            var highest = session.Max(r => r.RiskLevel);
            if (filter.MinRiskLevel is { } min && (highest is null || highest < min))
            {
                continue;
            }

            if (!string.IsNullOrWhiteSpace(filter.Text)
                && !session.Any(r => r.Text?.Contains(filter.Text.Trim(), StringComparison.CurrentCultureIgnoreCase) == true))
            {
                continue;
            }

            hits.Add(new ConversationHit(first.PersonId, names[first.PersonId], first.ChannelId ?? string.Empty, first.ConversationId ?? string.Empty,
                $"{first.ChannelId}|{first.ConversationId}|{first.Id}", first.At, last.At, session.Count, highest));
        }

        return hits.OrderByDescending(h => h.LastAt).Skip(Math.Max(filter.Skip, 0)).Take(Math.Clamp(filter.Take, 1, 500)).ToList();
    }

    /// <summary>The session's messages in order, with delivery status and risk; null when the key does not name one of the person's sessions.</summary>
    public async Task<IReadOnlyList<JournalTranscriptLine>?> TranscriptAsync(PersonId person, string sessionKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionKey);
        var parts = sessionKey.Split('|');
        if (parts.Length < 3 || !long.TryParse(parts[^1], out var firstId))
        {
            return null;
        }

        var channel = parts[0];
        var conversation = string.Join('|', parts[1..^1]);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entries = await db.Journal.AsNoTracking()
            .Where(e => e.PersonId == person && e.ChannelId == channel && e.ConversationId == conversation && e.Id >= firstId)
            .OrderBy(e => e.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (entries.FirstOrDefault(e => MessageKinds.Contains(e.Kind)) is not { } first || first.Id != firstId)
        {
            return null;
        }

        var deliveries = entries.Where(e => e.Kind == JournalKinds.SmsDelivery)
            .Select(e => (ActivityId: Property(e.DataJson, "activityId"), Status: Property(e.DataJson, "status")))
            .Where(d => d.ActivityId is not null)
            .GroupBy(d => d.ActivityId!).ToDictionary(g => g.Key, g => g.Last().Status);
        var lines = new List<JournalTranscriptLine>();
        var previousAt = first.At;
        foreach (var entry in entries.Where(e => MessageKinds.Contains(e.Kind)).OrderBy(e => e.At).ThenBy(e => e.Id))
        {
            if (entry.At - previousAt > SessionGap)
            {
                break;
            }

            previousAt = entry.At;
            var activityId = Property(entry.DataJson, "activityId");
            lines.Add(new JournalTranscriptLine(entry.Id, entry.At, entry.Kind, entry.Actor, entry.ActorName, entry.Text,
                activityId is not null && deliveries.TryGetValue(activityId, out var status) ? status : null,
                entry.RiskLevel, Signals(entry.DataJson), entry.Redacted));
        }

        return lines;
    }

    private sealed record MessageRow(long Id, PersonId PersonId, string? ChannelId, string? ConversationId, DateTimeOffset At, RiskLevel? RiskLevel, string? Text);

    private static IEnumerable<List<MessageRow>> Sessions(List<MessageRow> rows)
    {
        foreach (var thread in rows.GroupBy(r => (r.PersonId, r.ChannelId, r.ConversationId)))
        {
            List<MessageRow>? current = null;
            foreach (var row in thread.OrderBy(r => r.At).ThenBy(r => r.Id))
            {
                if (current is not null && row.At - current[^1].At > SessionGap)
                {
                    yield return current;
                    current = null;
                }

                current ??= [];
                current.Add(row);
            }

            if (current is not null)
            {
                yield return current;
            }
        }
    }

    private static string? Property(string? json, string name)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The screening signals recorded with an entry, as "id: evidence" (the words that raised it), for highlighting.</summary>
    public static IReadOnlyList<string> SignalsOf(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Signals(entry.DataJson);
    }

    private static List<string> Signals(string? json)
    {
        if (json is null)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("signals", out var signals)
                && signals.ValueKind == JsonValueKind.Array
                ? signals.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).Select(s =>
                    $"{(s.TryGetProperty("id", out var id) ? id.GetString() : null)}: {(s.TryGetProperty("evidence", out var evidence) ? evidence.GetString() : null)}").ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
