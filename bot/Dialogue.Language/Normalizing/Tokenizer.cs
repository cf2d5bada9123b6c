using System.Globalization;
using System.Text;

namespace Dialogue.Language;

/// <summary>
/// Splits raw text into lower-cased words, numbers and emoji, before any word mapping. Letters are lower-cased and
/// stripped of accents except æøå (ä → æ, ö → ø, é → e); digits of any script become ASCII; the separators
/// <c>. : / -</c> stay only between two digits ("15.05", "10:30", "15/5"); apostrophes and hyphens inside a word join it
/// ("fredag'n" → "fredagn", "e-post" → "epost"); letters and digits are split apart ("kl10" → "kl", "10"); "&amp;" becomes "og";
/// every other character is a word boundary.
/// </summary>
internal static class Tokenizer
{
    private enum Kind
    {
        None,
        Letter,
        Digit,
    }

    public static List<TextToken> Scan(string source)
    {
        var tokens = new List<TextToken>();
        var buffer = new StringBuilder();
        var start = 0;
        var end = 0;
        var sentenceStart = true;
        var last = Kind.None;

        void Flush()
        {
            if (buffer.Length > 0)
            {
                tokens.Add(new TextToken(buffer.ToString(), start, end - start, sentenceStart, IsSymbol: false));
                sentenceStart = false;
                buffer.Clear();
            }

            last = Kind.None;
        }

        void Append(string text, int index, int width, Kind kind)
        {
            if (buffer.Length == 0)
            {
                start = index;
            }

            buffer.Append(text);
            end = index + width;
            last = kind;
        }

        var i = 0;
        while (i < source.Length)
        {
            Rune.DecodeFromUtf16(source.AsSpan(i), out var rune, out var width);
            var next = NextRune(source, i + width);

            if (Rune.IsLetter(rune))
            {
                if (last == Kind.Digit)
                {
                    Flush();
                }

                // A letter with combining marks after it ("a" + ring) is composed first, so "pa\u030A" reads "på".
                var clusterEnd = i + width;
                while (clusterEnd < source.Length)
                {
                    Rune.DecodeFromUtf16(source.AsSpan(clusterEnd), out var mark, out var markWidth);
                    if (!IsCombining(mark))
                    {
                        break;
                    }

                    clusterEnd += markWidth;
                }

                Append(clusterEnd == i + width ? FoldLetter(rune) : FoldCluster(source[i..clusterEnd]), i, clusterEnd - i, Kind.Letter);
                width = clusterEnd - i;
            }
            else if (Rune.IsDigit(rune))
            {
                if (last == Kind.Letter)
                {
                    Flush();
                }

                var digit = (int)Rune.GetNumericValue(rune);
                Append(digit is >= 0 and <= 9 ? ((char)('0' + digit)).ToString() : "0", i, width, Kind.Digit);
            }
            else if (rune.Value == 0xFFFD)
            {
                // Not a character (a lone surrogate): a word boundary.
                Flush();
            }
            else if (IsIgnorable(rune))
            {
                // Combining marks, variation selectors, joiners and skin tones belong to the character before them.
            }
            else if (last == Kind.Digit && IsDigitSeparator(rune) && next is { } afterSeparator && Rune.IsDigit(afterSeparator))
            {
                Append(rune.Value is '.' or ':' or '/' ? ((char)rune.Value).ToString() : "-", i, width, Kind.Digit);
                last = Kind.Digit;
            }
            else if (last == Kind.Letter && IsWordJoiner(rune) && next is { } afterJoiner && Rune.IsLetter(afterJoiner))
            {
                // "fredag'n", "e-post": one word.
            }
            else if (rune.Value == '&')
            {
                Flush();
                tokens.Add(new TextToken("og", i, width, sentenceStart, IsSymbol: false));
                sentenceStart = false;
            }
            else if (IsEmoji(rune))
            {
                Flush();
                tokens.Add(new TextToken(rune.ToString(), i, width, SentenceStart: false, IsSymbol: true));
            }
            else
            {
                Flush();
                if (rune.Value is '.' or '!' or '?' or '\n' or '\r')
                {
                    sentenceStart = true;
                }
            }

            i += width;
        }

        Flush();
        return tokens;
    }

    private static Rune? NextRune(string source, int index)
    {
        while (index < source.Length)
        {
            Rune.DecodeFromUtf16(source.AsSpan(index), out var rune, out var width);
            if (!IsIgnorable(rune))
            {
                return rune;
            }

            index += width;
        }

        return null;
    }

    private static string FoldCluster(string cluster)
    {
        var folded = new StringBuilder();
        foreach (var rune in cluster.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (Rune.IsLetter(rune))
            {
                folded.Append(FoldLetter(rune));
            }
        }

        return folded.ToString();
    }

    private static bool IsCombining(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark;

    private static string FoldLetter(Rune rune)
    {
        var lower = Rune.ToLowerInvariant(rune);
        switch (lower.Value)
        {
            case < 0x80:
            case 'æ' or 'ø' or 'å':
                return lower.ToString();
            case 'ä':
                return "æ";
            case 'ö':
                return "ø";
            case 'ß':
                return "ss";
        }

        var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }

        return kept.Length > 0 ? kept.ToString() : lower.ToString();
    }

    private static bool IsIgnorable(Rune rune) =>
        rune.Value is 0x200D or 0x200B or 0x200C or 0x2060 or 0xFEFF or 0x00AD
            or (>= 0xFE00 and <= 0xFE0F) or (>= 0x1F3FB and <= 0x1F3FF)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.SpacingCombiningMark;

    private static bool IsDigitSeparator(Rune rune) =>
        rune.Value is '.' or ':' or '/' or '-' or 0x2010 or 0x2011 or 0x2012 or 0x2013;

    private static bool IsWordJoiner(Rune rune) =>
        rune.Value is '\'' or '`' or 0x00B4 or 0x2018 or 0x2019 or '-' or 0x2010 or 0x2011;

    private static bool IsEmoji(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol
        || rune.Value is (>= 0x1F000 and <= 0x1FAFF) or (>= 0x2600 and <= 0x27BF);
}
