using System.Text.Json;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Journal;

/// <summary>What is wrong with an entry.</summary>
public enum JournalFault
{
    /// <summary>Text or data differ from the content hash the entry was written with.</summary>
    ContentChanged,

    /// <summary>A hashed field (kind, time, actor, risk, seq...) differs from what the entry's hash covers.</summary>
    HashMismatch,

    /// <summary>A seq is missing: an entry was deleted (or the order changed).</summary>
    Gap,

    /// <summary>The entry does not carry the previous entry's hash: entries were removed, swapped or inserted.</summary>
    ChainBroken,

    /// <summary>Text and data were removed without a later retention entry that names the entry.</summary>
    RedactedWithoutRetention,
}

/// <summary>The first broken entry of a chain.</summary>
public sealed record JournalBreak(PersonId Person, long? Seq, long EntryId, JournalFault Fault, string Detail)
{
    public override string ToString() =>
        $"case {Person.Value:D}, seq {Seq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, entry id {EntryId}: {Describe(Fault)} ({Detail})";

    public static string Describe(JournalFault fault) => fault switch
    {
        JournalFault.ContentChanged => "content changed",
        JournalFault.HashMismatch => "hash mismatch",
        JournalFault.Gap => "gap (deleted entry)",
        JournalFault.ChainBroken => "chain broken",
        JournalFault.RedactedWithoutRetention => "redacted without a retention entry",
        _ => fault.ToString(),
    };
}

/// <summary>The outcome of verifying every chain.</summary>
public sealed record JournalVerification(int Cases, int Entries, int Unsealed, int Redacted, IReadOnlyList<JournalBreak> Breaks)
{
    public bool Intact => Breaks.Count == 0;
}

/// <summary>
/// Recomputes every content hash and every chain: per person, seq must run 1, 2, 3... without gaps, each entry must
/// carry the previous entry's hash and hash to its own, and its text and data must match its content hash — unless
/// retention redacted it and a later sealed retention entry of the same chain names it. Unsealed entries (not yet in
/// the chain) have their content checked. A chain's first problem is reported; later entries of a broken chain are
/// not judged. Note: deleting a chain's newest entries leaves a shorter chain that still verifies; what verify
/// proves is that nothing before a chain's last entry was changed, removed or reordered.
/// </summary>
public static class JournalVerifier
{
    public static async Task<JournalVerification> VerifyAsync(DialogueDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var persons = await db.Journal.AsNoTracking().Select(e => e.PersonId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        var breaks = new List<JournalBreak>();
        int entries = 0, unsealed = 0, redacted = 0;
        foreach (var person in persons.OrderBy(p => p.Value))
        {
            var chain = await db.Journal.AsNoTracking().Where(e => e.PersonId == person).OrderBy(e => e.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            entries += chain.Count;
            unsealed += chain.Count(e => e.Seq is null);
            redacted += chain.Count(e => e.Redacted);
            if (VerifyChain(person, chain) is { } broken)
            {
                breaks.Add(broken);
            }
        }

        return new JournalVerification(persons.Count, entries, unsealed, redacted, breaks);
    }

    /// <summary>The first problem in one person's entries, or null when the chain is intact.</summary>
    public static JournalBreak? VerifyChain(PersonId person, IReadOnlyList<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sealedEntries = entries.Where(e => e.Seq is not null).OrderBy(e => e.Seq).ToList();
        var retentionNames = RetentionNames(sealedEntries);
        var previous = string.Empty;
        long expected = 1;
        foreach (var entry in sealedEntries)
        {
            var seq = entry.Seq!.Value;
            if (seq != expected)
            {
                return new JournalBreak(person, seq, entry.Id, JournalFault.Gap, $"expected seq {expected}, found {seq}");
            }

            if (ContentFault(entry, retentionNames) is { } fault)
            {
                return fault with { Person = person };
            }

            if (!string.Equals(entry.PrevHash, previous, StringComparison.Ordinal))
            {
                return new JournalBreak(person, seq, entry.Id, JournalFault.ChainBroken, "its previous hash is not the hash of the entry before it");
            }

            if (!string.Equals(JournalHash.Entry(entry, seq, previous), entry.Hash, StringComparison.Ordinal))
            {
                return new JournalBreak(person, seq, entry.Id, JournalFault.HashMismatch, "its fields do not hash to its stored hash");
            }

            previous = entry.Hash!;
            expected++;
        }

        foreach (var entry in entries.Where(e => e.Seq is null).OrderBy(e => e.Id))
        {
            if (!entry.Redacted && ContentFault(entry, retentionNames) is { } fault)
            {
                return fault with { Person = person };
            }
        }

        return null;
    }

    private static JournalBreak? ContentFault(JournalEntry entry, Dictionary<long, long> retentionNames)
    {
        if (entry.Redacted)
        {
            return retentionNames.TryGetValue(entry.Id, out var namedAt) && entry.Seq is { } seq && namedAt > seq && entry.Text is null && entry.DataJson is null
                ? null
                : new JournalBreak(entry.PersonId, entry.Seq, entry.Id, JournalFault.RedactedWithoutRetention, "no later sealed retention entry names it");
        }

        return string.Equals(JournalHash.Content(entry.Text, entry.DataJson), entry.ContentHash, StringComparison.Ordinal)
            ? null
            : new JournalBreak(entry.PersonId, entry.Seq, entry.Id, JournalFault.ContentChanged, "its text or data no longer match its content hash");
    }

    /// <summary>Entry id → the seq of the (first) sealed retention entry naming it (its data's <c>entries</c> array).</summary>
    private static Dictionary<long, long> RetentionNames(List<JournalEntry> sealedEntries)
    {
        var names = new Dictionary<long, long>();
        foreach (var retention in sealedEntries.Where(e => e.Kind == JournalKinds.Retention && e.DataJson is not null))
        {
            try
            {
                using var data = JsonDocument.Parse(retention.DataJson!);
                if (data.RootElement.TryGetProperty("entries", out var ids) && ids.ValueKind == JsonValueKind.Array)
                {
                    foreach (var id in ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Number))
                    {
                        names.TryAdd(id.GetInt64(), retention.Seq!.Value);
                    }
                }
            }
            catch (JsonException)
            {
                // A retention entry whose data was tampered with fails its own content check.
            }
        }

        return names;
    }
}
