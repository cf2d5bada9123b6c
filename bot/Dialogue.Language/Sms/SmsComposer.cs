using System.Text.RegularExpressions;

namespace Dialogue.Language;

/// <summary>The SMS bodies one turn sends, and whether anything had to be left out to stay within the limit.</summary>
public sealed record SmsComposition(IReadOnlyList<string> Messages, bool Truncated);

/// <summary>
/// Turns the replies of one turn into SMS: GSM-7 only (safe replacements applied), as few messages as possible,
/// each at most two segments (306 septets), long replies split between sentences (between words only when one
/// sentence is too long), and at most three messages per turn.
/// </summary>
public static partial class SmsComposer
{
    public const int MaxMessages = 3;
    public const int MaxSeptets = 306;

    public static SmsComposition Compose(IEnumerable<string> replies, int maxMessages = MaxMessages, int maxSeptets = MaxSeptets)
    {
        ArgumentNullException.ThrowIfNull(replies);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeptets, 20);

        var pieces = replies
            .Select(r => Gsm7.ToSafe(r).Trim())
            .Where(r => r.Length > 0)
            .SelectMany(r => Fit(r, maxSeptets));

        var messages = new List<string>();
        foreach (var piece in pieces)
        {
            if (messages.Count > 0 && Gsm7.Septets(messages[^1]) + 1 + Gsm7.Septets(piece) <= maxSeptets)
            {
                messages[^1] = messages[^1] + "\n" + piece;
            }
            else
            {
                messages.Add(piece);
            }
        }

        return messages.Count <= maxMessages
            ? new SmsComposition(messages, Truncated: false)
            : new SmsComposition(messages.Take(maxMessages).ToList(), Truncated: true);
    }

    /// <summary>One reply as pieces that each fit: whole if it fits, else packed sentences, else packed words.</summary>
    private static IEnumerable<string> Fit(string reply, int maxSeptets)
    {
        if (Gsm7.Septets(reply) <= maxSeptets)
        {
            return [reply];
        }

        var sentences = SentenceEnd().Split(reply).Where(s => s.Length > 0)
            .SelectMany(s => Gsm7.Septets(s) <= maxSeptets ? [s] : Pack(s.Split(' ', StringSplitOptions.RemoveEmptyEntries), maxSeptets));
        return Pack(sentences, maxSeptets);
    }

    /// <summary>Joins parts with spaces into as few pieces as fit.</summary>
    private static List<string> Pack(IEnumerable<string> parts, int maxSeptets)
    {
        var packed = new List<string>();
        foreach (var part in parts)
        {
            var piece = part;
            while (Gsm7.Septets(piece) > maxSeptets)
            {
                piece = piece[..^1]; // a "word" longer than an SMS (a pasted link): cut, it cannot be split better
            }

            if (packed.Count > 0 && Gsm7.Septets(packed[^1]) + 1 + Gsm7.Septets(piece) <= maxSeptets)
            {
                packed[^1] = packed[^1] + " " + piece;
            }
            else
            {
                packed.Add(piece);
            }
        }

        return packed;
    }

    /// <summary>Between sentences: after . ! ? followed by white space, or at a line break.</summary>
    [GeneratedRegex(@"(?<=[.!?])\s+|\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();
}
