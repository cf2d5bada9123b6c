using System.Collections.Frozen;
using System.Text;

namespace Dialogue.Language;

/// <summary>
/// Turns what people type — dialect, nynorsk, SMS spelling, no æøå, no capitals, stretched words — into plain lower-case
/// bokmål words, so the recognizers can compare like with like.
/// </summary>
/// <remarks>
/// Steps, word by word: lower-case and strip accents except æøå (<see cref="Tokenizer"/>); collapse letters repeated three
/// or more times ("neeei" → "nei"); restore æøå typed as ae/oe/aa when that gives a known word ("paa" → "på");
/// map dialect and SMS forms (<see cref="DialectMap"/>). A few words depend on their neighbours:
/// <list type="bullet">
/// <item>"e" is "jeg" at the start of a sentence, after a conjunction ("men e …") or after a verb ("ska e …"),
/// and "er" otherwise ("ka e det", "e du der", "d e bra").</item>
/// <item>"no" is "nå" inside a message, but stays "no" when it is the whole message or English ("no thanks").</item>
/// <item>"morra", "mårra", "mårå" … after "i" are "morgen" ("i morra" → "i morgen").</item>
/// </list>
/// Emoji are kept as separate tokens; other punctuation is dropped, except . : / - between digits.
/// </remarks>
public static class NorwegianNormalizer
{
    private static readonly FrozenSet<string> PronounsAfterEr = FrozenSet.ToFrozenSet(
    [
        "du", "dere", "han", "hun", "det", "den", "dette", "de", "vi", "dem", "man", "noen", "alt", "der", "her", "disse",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> BeforeJeg = FrozenSet.ToFrozenSet(
    [
        // Conjunctions: "men e", "og e", "at e".
        "og", "men", "så", "at", "fordi", "når", "hvis", "om", "da", "for", "siden", "mens", "før", "etter", "enn",
        // Verbs, in questions and after a fronted word: "ska e", "kan e", "nå er e".
        "skal", "kan", "vil", "må", "har", "er", "var", "får", "fikk", "bør", "burde", "trenger", "tror", "vet", "gjør",
        "gjorde", "ble", "blir", "kunne", "skulle", "ville", "måtte", "hadde", "synes", "syns", "liker", "orker",
        "gidder", "kommer", "går", "tenker", "føler",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> EnglishAfterNo = FrozenSet.ToFrozenSet(
        ["thanks", "thank", "way", "problem", "problems", "sorry", "no", "idea"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> MorgenAfterI = FrozenSet.ToFrozenSet(
        ["morra", "mårra", "mårå", "morrå", "morn", "mårn", "morgon", "moro", "mora", "måra", "morgn", "mogen", "morgenn"],
        StringComparer.Ordinal);

    /// <summary>The normalized words separated by single spaces; empty for null or blank text.</summary>
    public static string Normalize(string? text) => string.Join(' ', Analyze(text).Select(t => t.Text));

    /// <summary>The normalized words (emoji included, one token each).</summary>
    public static IReadOnlyList<string> Tokens(string? text) => Analyze(text).Select(t => t.Text).ToArray();

    internal static IReadOnlyList<TextToken> Analyze(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var raw = Tokenizer.Scan(text);
        var bases = raw.Select(t => t.IsSymbol ? t.Text : BaseForm(t.Text)).ToArray();
        var wordCount = raw.Count(t => !t.IsSymbol);
        var result = new List<TextToken>(raw.Count + 2);
        string? previous = null;

        for (var k = 0; k < raw.Count; k++)
        {
            var token = raw[k];
            if (token.IsSymbol)
            {
                result.Add(token);
                continue;
            }

            if (token.SentenceStart)
            {
                previous = null;
            }

            var next = k + 1 < raw.Count && !raw[k + 1].IsSymbol ? DialectMap.Map(bases[k + 1]) : null;
            var mapped = bases[k] switch
            {
                "e" when next is not null && PronounsAfterEr.Contains(FirstWord(next)) => "er",
                "e" when previous is null || BeforeJeg.Contains(previous) => "jeg",
                "e" => "er",
                "no" when wordCount == 1 || (next is not null && EnglishAfterNo.Contains(next)) => "no",
                "no" => "nå",
                var b when previous == "i" && MorgenAfterI.Contains(b) => "morgen",
                var b => DialectMap.Map(b),
            };

            foreach (var word in mapped.Split(' '))
            {
                result.Add(token with { Text = word });
                previous = word;
            }
        }

        return result;
    }

    private static string FirstWord(string words)
    {
        var space = words.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? words : words[..space];
    }

    /// <summary>One word before context rules: collapsed repeats, then æøå restored if that makes a known word.</summary>
    private static string BaseForm(string word)
    {
        if (char.IsDigit(word[0]))
        {
            return word;
        }

        var collapsed = CollapseRepeats(word);
        return DialectMap.Forms.ContainsKey(collapsed) ? collapsed : NorwegianWords.RestoreLetters(collapsed);
    }

    /// <summary>"neeei" → "nei", "jaaaa" → "ja": a letter repeated three or more times counts once. Doubles stay ("takk").</summary>
    private static string CollapseRepeats(string word)
    {
        StringBuilder? builder = null;
        var i = 0;
        while (i < word.Length)
        {
            var run = 1;
            while (i + run < word.Length && word[i + run] == word[i])
            {
                run++;
            }

            if (run >= 3 && builder is null)
            {
                builder = new StringBuilder(word.Length);
                builder.Append(word, 0, i);
            }

            builder?.Append(word[i], run >= 3 ? 1 : run);
            i += run;
        }

        return builder?.ToString() ?? word;
    }
}
