using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dialogue.Cases.Journal;

/// <summary>
/// The journal's hash format, so a checker outside the app can recompute it. All hashes are lower-case hex SHA-256
/// over UTF-8 bytes. A field is written as <c>&lt;length&gt;:&lt;value&gt;</c> where length is the value's UTF-8 byte
/// count in decimal, or as <c>-</c> when the value is null; fields are joined with nothing in between.
/// <list type="bullet">
/// <item>Content hash: <c>"c1\n"</c> followed by the fields Text, DataJson.</item>
/// <item>Entry hash: <c>"j1\n"</c> followed by the fields PersonId (GUID, lower case, "D" format), Seq (decimal), Kind,
/// At (UTC, <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>), Actor, ActorName, ChannelId, ConversationId, RiskLevel (its name:
/// Moderate, High, Acute), RefersTo (decimal), ContentHash, PrevHash (the previous entry's Hash; the empty string for
/// seq 1).</item>
/// </list>
/// Example: Text "hei" and DataJson null give the content hash of <c>"c1\n3:hei-"</c>.
/// <see cref="JournalEntry.Redacted"/> is not hashed: retention may clear Text and DataJson, the content hash stays.
/// </summary>
public static class JournalHash
{
    public const string ContentVersion = "c1";
    public const string EntryVersion = "j1";

    /// <summary>UTC, cut to whole microseconds (PostgreSQL keeps no more), so the stored time hashes the same.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static string FormatTime(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string Content(string? text, string? dataJson)
    {
        var builder = new StringBuilder(ContentVersion).Append('\n');
        Field(builder, text);
        Field(builder, dataJson);
        return Sha256(builder.ToString());
    }

    /// <summary>The canonical string of a sealed entry, with the seq and previous hash it has (or is about to get).</summary>
    public static string Canonical(JournalEntry entry, long seq, string prevHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var builder = new StringBuilder(EntryVersion).Append('\n');
        Field(builder, entry.PersonId.Value.ToString("D"));
        Field(builder, seq.ToString(CultureInfo.InvariantCulture));
        Field(builder, entry.Kind);
        Field(builder, FormatTime(entry.At));
        Field(builder, entry.Actor);
        Field(builder, entry.ActorName);
        Field(builder, entry.ChannelId);
        Field(builder, entry.ConversationId);
        Field(builder, entry.RiskLevel?.ToString());
        Field(builder, entry.RefersTo?.ToString(CultureInfo.InvariantCulture));
        Field(builder, entry.ContentHash);
        Field(builder, prevHash);
        return builder.ToString();
    }

    public static string Entry(JournalEntry entry, long seq, string prevHash) => Sha256(Canonical(entry, seq, prevHash));

    private static void Field(StringBuilder builder, string? value)
    {
        if (value is null)
        {
            builder.Append('-');
            return;
        }

        builder.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
    }

    private static string Sha256(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
