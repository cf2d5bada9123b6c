using System.Collections.Frozen;
using System.Globalization;

namespace Dialogue.Language;

/// <summary>A number read from normalized tokens: its value, the tokens it used, and whether it is only an article ("en dag").</summary>
internal readonly record struct NumberMatch(int Value, int Index, int Count, bool IsArticle, bool HasLeadingZero);

/// <summary>
/// Number words from null to hundre in bokmål, nynorsk and dialect, as single words ("tjueen", "enogtjue") or several
/// ("tjue en", "en og tjue", "førti to", "hundre og fem"), and digits ("3", "03", "1.000").
/// </summary>
internal static class NumberWords
{
    private static readonly (int Value, string[] Words)[] SmallTable =
    [
        (0, ["null", "nul"]),
        (1, ["en", "ein", "ei", "et", "ett", "eitt", "eit"]),
        (2, ["to", "tvo"]),
        (3, ["tre"]),
        (4, ["fire"]),
        (5, ["fem"]),
        (6, ["seks"]),
        (7, ["sju", "syv"]),
        (8, ["åtte", "aatte", "otte"]),
        (9, ["ni"]),
        (10, ["ti"]),
        (11, ["elleve", "elve", "ellve"]),
        (12, ["tolv", "tålv"]),
        (13, ["tretten", "trettan"]),
        (14, ["fjorten", "fjortan"]),
        (15, ["femten", "femtan"]),
        (16, ["seksten", "sekstan", "seisten"]),
        (17, ["sytten", "syttan"]),
        (18, ["atten", "attan"]),
        (19, ["nitten", "nittan"]),
    ];

    private static readonly (int Value, string[] Words)[] TensTable =
    [
        (20, ["tjue", "tyve", "tjuge", "kjue"]),
        (30, ["tretti", "tredve", "tredive"]),
        (40, ["førti", "firti"]),
        (50, ["femti"]),
        (60, ["seksti"]),
        (70, ["sytti", "søtti"]),
        (80, ["åtti"]),
        (90, ["nitti"]),
    ];

    private static readonly string[] HundredWords = ["hundre", "hundra", "hundrede"];

    /// <summary>"en og tjue": the article-like words that also mean 1.</summary>
    private static readonly FrozenSet<string> Articles = FrozenSet.ToFrozenSet(["en", "ein", "ei", "et", "eit"], StringComparer.Ordinal);

    /// <summary>Real words one typo away from a number word; never read as numbers.</summary>
    private static readonly FrozenSet<string> NotTypos = FrozenSet.ToFrozenSet(
    [
        "fine", "fint", "fira", "fyre", "sekk", "femte", "tjuv", "trett", "hunder", "fjorden", "told", "tolk", "nitt",
        "tite", "elle", "atter", "etter", "sitte", "søtt", "tree", "null", "snill",
    ], StringComparer.Ordinal);

    public static FrozenDictionary<string, int> Small { get; } = Build(SmallTable);

    public static FrozenDictionary<string, int> Tens { get; } = Build(TensTable);

    /// <summary>Every single number word 0–100, for typo matching.</summary>
    private static readonly FrozenDictionary<string, int> AllWords =
        Small.Concat(Tens).Concat(HundredWords.Select(w => KeyValuePair.Create(w, 100)))
            .Where(p => !Articles.Contains(p.Key))
            .ToFrozenDictionary(StringComparer.Ordinal);

    private static FrozenDictionary<string, int> Build((int Value, string[] Words)[] table)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (value, words) in table)
        {
            foreach (var word in words)
            {
                map.TryAdd(word, value);
                map.TryAdd(Folding.Fold(word), value);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Reads a number starting at <paramref name="index"/>. Typos are only tried when <paramref name="allowTypos"/>.</summary>
    public static bool TryRead(IReadOnlyList<string> tokens, int index, bool allowTypos, out NumberMatch match)
    {
        match = default;
        if (index >= tokens.Count || tokens[index].Length == 0)
        {
            return false;
        }

        var token = tokens[index];
        if (char.IsAsciiDigit(token[0]))
        {
            if (!TryParseDigits(token, out var digits))
            {
                return false;
            }

            match = new NumberMatch(digits, index, 1, IsArticle: false, HasLeadingZero: token.Length > 1 && token[0] == '0');
            return true;
        }

        if (IsHundred(token))
        {
            var hundred = 100;
            var used = 1;
            AddBelowHundredAfter(tokens, index + 1, ref hundred, ref used);
            match = new NumberMatch(hundred, index, used, false, false);
            return true;
        }

        if (!TryReadBelowHundred(tokens, index, allowTypos, out var value, out var count, out var isArticle))
        {
            return false;
        }

        // "to hundre og fem", "ett hundre".
        if (value is >= 1 and <= 9 && index + count < tokens.Count && IsHundred(tokens[index + count]))
        {
            value *= 100;
            count++;
            AddBelowHundredAfter(tokens, index + count, ref value, ref count);
            isArticle = false;
        }

        match = new NumberMatch(value, index, count, isArticle, false);
        return true;
    }

    /// <summary>A single word that is a number word (no digits, no typos): "tjueen" → 21.</summary>
    public static bool TryWord(string word, out int value)
    {
        value = 0;
        return TryReadBelowHundred([word], 0, allowTypos: false, out value, out _, out _);
    }

    private static bool IsHundred(string token) => Array.IndexOf(HundredWords, token) >= 0;

    private static void AddBelowHundredAfter(IReadOnlyList<string> tokens, int index, ref int value, ref int count)
    {
        var at = index;
        if (at < tokens.Count && tokens[at] == "og")
        {
            at++;
        }

        if (TryReadBelowHundred(tokens, at, allowTypos: false, out var rest, out var used, out _) && rest is > 0 and < 100)
        {
            value += rest;
            count = at + used - index + count;
        }
    }

    private static bool TryReadBelowHundred(
        IReadOnlyList<string> tokens, int index, bool allowTypos, out int value, out int count, out bool isArticle)
    {
        value = 0;
        count = 0;
        isArticle = false;
        if (index >= tokens.Count)
        {
            return false;
        }

        var token = tokens[index];
        var next = index + 1 < tokens.Count ? tokens[index + 1] : null;
        var afterNext = index + 2 < tokens.Count ? tokens[index + 2] : null;

        if (Small.TryGetValue(token, out var small))
        {
            // "en og tjue", "fire og førti".
            if (small is >= 1 and <= 9 && next == "og" && afterNext is not null && Tens.TryGetValue(afterNext, out var tensAfter))
            {
                (value, count) = (tensAfter + small, 3);
                return true;
            }

            (value, count, isArticle) = (small, 1, Articles.Contains(token));
            return true;
        }

        if (Tens.TryGetValue(token, out var tens))
        {
            // "tjue en", "tjue og to".
            if (next is not null && IsUnit(next, out var unit))
            {
                (value, count) = (tens + unit, 2);
            }
            else if (next == "og" && afterNext is not null && IsUnit(afterNext, out var unitAfterOg))
            {
                (value, count) = (tens + unitAfterOg, 3);
            }
            else
            {
                (value, count) = (tens, 1);
            }

            return true;
        }

        if (TryCompound(token, out var compound))
        {
            (value, count) = (compound, 1);
            return true;
        }

        if (allowTypos && !NotTypos.Contains(token) && Folding.TryFuzzy(token, AllWords, minLength: 4, out var typo))
        {
            (value, count) = (typo, 1);
            return true;
        }

        return false;
    }

    /// <summary>"tjueen", "førtito", "enogtjue"; and a range written as one word, "tre-fire" → 3.</summary>
    private static bool TryCompound(string token, out int value)
    {
        value = 0;
        for (var split = 2; split <= token.Length - 2; split++)
        {
            if (IsUnit(token[..split], out var low) && Small.TryGetValue(token[split..], out var high) && high == low + 1)
            {
                value = low;
                return true;
            }
        }

        foreach (var (tensWord, tens) in Tens)
        {
            if (token.Length > tensWord.Length && token.StartsWith(tensWord, StringComparison.Ordinal)
                && IsUnit(token[tensWord.Length..], out var unit))
            {
                value = tens + unit;
                return true;
            }

            var og = token.IndexOf("og" + tensWord, StringComparison.Ordinal);
            if (og > 0 && og + 2 + tensWord.Length == token.Length && IsUnit(token[..og], out var before))
            {
                value = tens + before;
                return true;
            }
        }

        return false;
    }

    private static bool IsUnit(string word, out int unit) =>
        Small.TryGetValue(word, out unit) && unit is >= 1 and <= 9;

    private static bool TryParseDigits(string token, out int value)
    {
        value = 0;
        var end = 0;
        while (end < token.Length && char.IsAsciiDigit(token[end]))
        {
            end++;
        }

        // "1.000" and "12.500": thousands separators.
        var span = token.AsSpan();
        if (end <= 3 && IsThousands(span))
        {
            return int.TryParse(token.Replace(".", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        return int.TryParse(span[..end], NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsThousands(ReadOnlySpan<char> token)
    {
        var groups = token.ToString().Split('.');
        return groups.Length > 1 && groups[0].Length is >= 1 and <= 3
            && groups.Skip(1).All(g => g.Length == 3 && g.All(char.IsAsciiDigit));
    }
}
