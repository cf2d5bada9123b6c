using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Dialogue.Language;

/// <summary>
/// The GSM 03.38 7-bit SMS alphabet: which texts fit it, how to make a text fit it, and how many SMS parts a text takes.
/// æøåÆØÅ, é, ä, ö, ü and ñ are GSM-7; €, [, ], {, }, \, ^, ~ and | are in the extension table and take two septets.
/// </summary>
public static class Gsm7
{
    private const int SingleGsm = 160;
    private const int PartGsm = 153;
    private const int SingleUcs2 = 70;
    private const int PartUcs2 = 67;

    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "\f^{}\\[~]|€";

    private static readonly FrozenSet<char> BasicSet = Basic.ToFrozenSet();
    private static readonly FrozenSet<char> ExtensionSet = Extension.ToFrozenSet();

    /// <summary>Close GSM-7 stand-ins for characters people and editors often use.</summary>
    private static readonly FrozenDictionary<string, string> Replacements = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Quotes and apostrophes.
        ["\u201C"] = "\"", ["\u201D"] = "\"", ["\u201E"] = "\"", ["\u201F"] = "\"", ["«"] = "\"", ["»"] = "\"", ["\u2033"] = "\"",
        ["\u2018"] = "'", ["\u2019"] = "'", ["\u201A"] = "'", ["\u201B"] = "'", ["\u2032"] = "'", ["`"] = "'", ["´"] = "'",
        ["\u2039"] = "'", ["\u203A"] = "'",

        // Dashes, bullets, ellipsis.
        ["\u2010"] = "-", ["\u2011"] = "-", ["\u2012"] = "-", ["\u2013"] = "-", ["\u2014"] = "-", ["\u2015"] = "-", ["\u2212"] = "-",
        ["\u2022"] = "-", ["\u00B7"] = ".", ["\u2026"] = "...",

        // Spaces.
        ["\u00A0"] = " ", ["\u202F"] = " ", ["\u2007"] = " ", ["\u2009"] = " ", ["\u200A"] = " ", ["\u2002"] = " ", ["\u2003"] = " ",
        ["\u2004"] = " ", ["\u2005"] = " ", ["\u2006"] = " ", ["\u2008"] = " ", ["\u3000"] = " ", ["\t"] = " ",

        // Letters without a decomposition to a GSM letter.
        ["œ"] = "oe", ["Œ"] = "OE", ["þ"] = "th", ["Þ"] = "Th", ["ð"] = "d", ["Ð"] = "D", ["đ"] = "d", ["Đ"] = "D", ["ł"] = "l",
        ["Ł"] = "L", ["ı"] = "i", ["ç"] = "c",

        // Symbols.
        ["→"] = "->", ["←"] = "<-", ["⇒"] = "=>", ["×"] = "x", ["÷"] = "/", ["½"] = "1/2", ["¼"] = "1/4", ["¾"] = "3/4",
        ["©"] = "(c)", ["®"] = "(R)", ["™"] = "TM", ["°"] = " grader", ["‰"] = " promille", ["¢"] = "c", ["₂"] = "2",
        ["≈"] = "ca.", ["≤"] = "<=", ["≥"] = ">=", ["¨"] = "\"", ["ˆ"] = "^", ["˜"] = "~",

        // Smileys that have a plain-text face.
        ["🙂"] = ":)", ["😊"] = ":)", ["😀"] = ":D", ["😃"] = ":D", ["😄"] = ":D", ["😉"] = ";)", ["🙁"] = ":(", ["☹"] = ":(",
        ["😢"] = ":(", ["❤"] = "<3", ["♥"] = "<3",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True when every character is in the GSM-7 basic set or its extension table.</summary>
    public static bool IsGsm7(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (!BasicSet.Contains(c) && !ExtensionSet.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Septets the text needs in GSM-7: one per basic character, two per extension character (escape + character).
    /// Each UTF-16 character outside GSM-7 counts as one (use <see cref="ToSafe"/> first, or <see cref="Segments"/> for UCS-2).
    /// </summary>
    public static int Septets(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var septets = 0;
        foreach (var c in text)
        {
            septets += ExtensionSet.Contains(c) ? 2 : 1;
        }

        return septets;
    }

    /// <summary>
    /// SMS parts: GSM-7 fits 160 septets in one SMS and 153 per part when split; otherwise UCS-2 fits 70 UTF-16 units in
    /// one and 67 per part. An escape pair or a surrogate pair is never split across parts. Empty text: 0 parts.
    /// </summary>
    public static SmsSegmentInfo Segments(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsGsm7(text))
        {
            var septets = Septets(text);
            return new SmsSegmentInfo(true, septets, septets <= SingleGsm ? Parts(septets) : Pack(text, PartGsm, c => ExtensionSet.Contains(c) ? 2 : 1, gsm: true));
        }

        var units = text.Length;
        return new SmsSegmentInfo(false, units, units <= SingleUcs2 ? Parts(units) : Pack(text, PartUcs2, _ => 1, gsm: false));
    }

    /// <summary>
    /// The text in characters that are all GSM-7: typographic quotes → ", « » → ", – — → -, … → ..., non-breaking and other
    /// spaces → space, accented letters outside GSM-7 → the plain letter (á → a, ê → e, Ó → O; é, æøåÆØÅ stay),
    /// a few symbols and smileys → plain text (→ "->", 🙂 ":)"). Other emoji are dropped; anything else becomes "?".
    /// </summary>
    public static string ToSafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsGsm7(text))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var width);
            i += width;
            var s = rune.ToString();
            if (s.Length == 1 && (BasicSet.Contains(s[0]) || ExtensionSet.Contains(s[0])))
            {
                output.Append(s);
            }
            else if (Replacements.TryGetValue(s, out var replacement))
            {
                output.Append(replacement);
            }
            else if (IsInvisible(rune))
            {
                // Joiners, variation selectors, skin tones, soft hyphens: nothing to show.
            }
            else if (Rune.IsLetter(rune) && WithoutAccents(s) is { Length: > 0 } plain)
            {
                output.Append(plain);
            }
            else if (IsEmoji(rune))
            {
                // No GSM-7 form: drop it, and the space it leaves doubled.
                if (output.Length > 0 && output[^1] == ' ' && (i >= text.Length || text[i] is ' ' or '\n' or '\r' || char.IsPunctuation(text[i])))
                {
                    output.Length--;
                }
            }
            else if (Rune.IsWhiteSpace(rune))
            {
                output.Append(' ');
            }
            else
            {
                output.Append('?');
            }
        }

        return output.ToString();
    }

    private static int Parts(int units) => units == 0 ? 0 : 1;

    /// <summary>Fills parts of <paramref name="capacity"/> units, starting a new part rather than splitting a pair.</summary>
    private static int Pack(string text, int capacity, Func<char, int> cost, bool gsm)
    {
        var parts = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var size = !gsm && char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : cost(text[i]);
            if (used + size > capacity)
            {
                parts++;
                used = 0;
            }

            used += size;
            if (size == 2 && !gsm)
            {
                i++;
            }
        }

        return parts;
    }

    /// <summary>The letter without its accents, if that is all GSM-7 ("á" → "a", "Ő" → "O"); otherwise empty.</summary>
    private static string WithoutAccents(string letter)
    {
        var plain = new StringBuilder();
        foreach (var c in letter.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(c);
            }
        }

        var result = plain.ToString().Normalize(NormalizationForm.FormC);
        return IsGsm7(result) ? result : string.Empty;
    }

    private static bool IsInvisible(Rune rune) =>
        rune.Value is 0x200B or 0x200C or 0x200D or 0x2060 or 0xFEFF or 0x00AD
            or (>= 0xFE00 and <= 0xFE0F) or (>= 0x1F3FB and <= 0x1F3FF) or 0x20E3
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format;

    private static bool IsEmoji(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol
        || rune.Value is (>= 0x1F000 and <= 0x1FAFF) or (>= 0x2600 and <= 0x27BF);
}
