using System.Collections.Frozen;

namespace Dialogue.Language;

/// <summary>
/// Yes or no, the many ways people say it: "ja", "jepp", "jo", "ok", "greit", "ja takk", "det stemmer", 👍 are yes;
/// "nei", "nope", "næ", "neida", "nei takk", "ikke nå", "n", "no", 👎 are no. Null when the answer is unclear
/// ("kanskje", "vet ikke", "tja") or says both ("ja, men ikke nå").
/// </summary>
/// <remarks>
/// Works on normalized words (dialect, æøå and stretched letters already handled). Phrases are matched longest first, so
/// "ikke sant" is yes and "vet ikke" unclear before "ikke" on its own counts as no. "ikke" in front of a yes word, or after a
/// yes word that can be negated ("det stemmer ikke", "absolutt ikke"), makes it no. "jo" is yes only as the first word
/// (elsewhere it is a particle: "jeg er jo ikke …"). Single letters (j, k, y, n) count only as the whole message.
/// Words of four letters or more may have one typo ("greiit", "neii", "nopp").
/// </remarks>
public static class YesNoRecognizer
{
    private enum Signal
    {
        Yes,
        YesNegatable,
        No,
        Unclear,
    }

    private static readonly FrozenDictionary<string, Signal> Words = Table(
        (Signal.Yes,
        [
            "ja", "jaa", "jepp", "jepps", "japp", "jupp", "jeps", "jap", "jada", "joda", "jaja", "jadda", "yes", "yess",
            "yep", "yeah", "yup", "yea", "ye", "ok", "okei", "okey", "okay", "javisst", "jau", "jess", "jah", "sure",
            "flott", "supert", "perfekt", "topp", "deal", "avtale", "avtalt", "kjør",
        ]),
        (Signal.YesNegatable,
        [
            "greit", "klart", "selvfølgelig", "selvsagt", "sjølsagt", "absolutt", "gjerne", "stemmer", "riktig", "korrekt",
            "enig", "fint", "klar", "sikkert", "passer",
        ]),
        (Signal.No,
        [
            "nei", "nope", "næ", "nææ", "neida", "nai", "nej", "nein", "nix", "niks", "nah", "neh", "næh", "nehei", "ne",
            "nee", "neei", "neii", "neij", "næi", "nay", "aldri", "neppe", "ikke", "feil",
        ]),
        (Signal.Unclear,
        [
            "kanskje", "kansje", "kanskj", "kaskje", "tja", "tjaa", "tjo", "hmm", "hm", "mulig", "muligens", "usikker",
            "javel", "jaså", "jaha", "hæ", "hæh",
        ]));

    private static readonly FrozenDictionary<string, Signal> Phrases = Table(
        (Signal.Yes,
        [
            "ikke sant", "ikke noe problem", "ingen problem", "ingen problemer", "no problem", "ja visst", "jo da", "ja da",
            "kjør på", "sure thing", "høres bra ut", "høres fint ut",
        ]),
        (Signal.YesNegatable,
        [
            "det stemmer", "det gjør jeg", "det vil jeg", "det kan jeg", "det har jeg", "gjerne det", "helt sikkert",
            "det går fint", "det går bra", "det passer", "passer fint", "passer bra", "tror det", "det tror jeg",
        ]),
        (Signal.No,
        [
            "ikke nå", "ikke i dag", "nei takk", "no thanks", "no thank you", "ikke interessert", "ikke i det hele tatt",
            "ikke aktuelt", "slett ikke", "aldri i livet", "nei da", "helst ikke", "har ikke lyst", "ingen takk",
            "nei nei", "tror ikke",
        ]),
        (Signal.Unclear,
        [
            "vet ikke", "aner ikke", "ikke sikker", "ikke helt sikker", "kommer an på", "ja og nei", "både og", "ja nei",
            "nei ja", "vanskelig å si", "ikke godt å si", "hvem vet", "ikke vet", "forstår ikke", "skjønner ikke",
            "forstod ikke", "forsto ikke", "skjønte ikke", "husker ikke", "hva mener du", "vet ikke helt",
        ]));

    /// <summary>Only as the whole message.</summary>
    private static readonly FrozenDictionary<string, Signal> WholeOnly = Table(
        (Signal.Yes, ["j", "k", "y", "jo"]),
        (Signal.No, ["n", "no"]));

    private static readonly FrozenDictionary<string, Signal> Emoji = Table(
        (Signal.Yes, ["👍", "👌", "✅", "✔", "☑", "🆗", "🙆"]),
        (Signal.No, ["👎", "❌", "✖", "🚫", "⛔", "🙅", "❎"]));

    /// <summary>Words that one typo may stand for (only tried on words of four letters or more).</summary>
    private static readonly FrozenDictionary<string, Signal> TypoTargets = Table(
        (Signal.Yes, ["jepp", "japp", "jada", "joda", "okei", "javisst", "yeah"]),
        (Signal.YesNegatable, ["greit", "klart", "stemmer", "riktig", "korrekt", "absolutt", "selvfølgelig", "selvsagt", "gjerne"]),
        (Signal.No, ["nei", "nope", "neida", "aldri", "neppe"]));

    /// <summary>Real words one typo away from a yes/no word.</summary>
    private static readonly FrozenSet<string> NotTypos = FrozenSet.ToFrozenSet(
    [
        "greie", "jade", "hope", "note", "nose", "rope", "stemme", "kart", "neie", "nede", "hjerne", "klatt", "rikig",
        "neste", "jord", "seppe", "yoga", "okse", "nese", "seid", "meie", "kvart", "klær", "stemmen", "gjerde", "klant",
        "kjerne", "hjerte", "alder",
    ], StringComparer.Ordinal);

    private static readonly int LongestPhrase = Phrases.Keys.Max(p => p.Split(' ').Length);

    public static bool? Recognize(string? text)
    {
        var tokens = NorwegianNormalizer.Analyze(text).Select(t => t.Text).ToList();
        if (tokens.Count == 0)
        {
            return null;
        }

        if (tokens.Count == 1 && WholeOnly.TryGetValue(tokens[0], out var whole))
        {
            return whole == Signal.Yes;
        }

        bool yes = false, no = false, unclear = false;
        var firstWord = true;
        var i = 0;
        while (i < tokens.Count)
        {
            var (signal, used) = Read(tokens, i, firstWord);
            switch (signal)
            {
                case Signal.Yes or Signal.YesNegatable:
                    yes = true;
                    break;
                case Signal.No:
                    no = true;
                    break;
                case Signal.Unclear:
                    unclear = true;
                    break;
            }

            if (!Emoji.ContainsKey(tokens[i]))
            {
                firstWord = false;
            }

            i += used;
        }

        return unclear || yes == no ? null : yes;
    }

    private static (Signal? Signal, int Used) Read(List<string> tokens, int i, bool firstWord)
    {
        var token = tokens[i];
        if (Emoji.TryGetValue(token, out var emoji))
        {
            return (emoji, 1);
        }

        var next = i + 1 < tokens.Count ? tokens[i + 1] : null;

        // "ikke greit", "ikke ok": no.
        if (token == "ikke" && next is not null && Words.TryGetValue(next, out var negated) && negated is Signal.Yes or Signal.YesNegatable)
        {
            return (Signal.No, 2);
        }

        for (var length = Math.Min(LongestPhrase, tokens.Count - i); length >= 2; length--)
        {
            if (Phrases.TryGetValue(string.Join(' ', tokens.Skip(i).Take(length)), out var phrase))
            {
                return Negated(phrase, tokens, i + length, length);
            }
        }

        if (Words.TryGetValue(token, out var word))
        {
            return Negated(word, tokens, i + 1, 1);
        }

        if (token == "jo" && firstWord)
        {
            return (Signal.Yes, 1);
        }

        if (token.Length >= 4 && !NotTypos.Contains(token) && Folding.TryFuzzy(token, TypoTargets, minLength: 3, out var typo))
        {
            return Negated(typo, tokens, i + 1, 1);
        }

        return (null, 1);
    }

    /// <summary>"det stemmer ikke", "absolutt ikke": a yes that can be negated, followed by "ikke", is a no.</summary>
    private static (Signal? Signal, int Used) Negated(Signal signal, List<string> tokens, int after, int used) =>
        signal == Signal.YesNegatable && after < tokens.Count && tokens[after] == "ikke"
            ? (Signal.No, used + 1)
            : (signal, used);

    private static FrozenDictionary<string, Signal> Table(params (Signal Signal, string[] Words)[] groups)
    {
        var map = new Dictionary<string, Signal>(StringComparer.Ordinal);
        foreach (var (signal, words) in groups)
        {
            foreach (var word in words)
            {
                map.Add(word, signal);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
