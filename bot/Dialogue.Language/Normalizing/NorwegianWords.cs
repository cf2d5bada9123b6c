using System.Collections.Frozen;

namespace Dialogue.Language;

/// <summary>
/// Common Norwegian words spelt with æ, ø or å. Used only to decide whether "ae", "oe" and "aa" in a typed word stand for
/// æ, ø, å ("vaere" → "være", "paa" → "på", "foer" → "før") — a word is only rewritten when the result is a known word,
/// a known word plus an inflection ending, or a compound that starts with a known word of four letters or more.
/// So "israel", "michael", "noe", "poeng", "roe" and "skoene" stay as they are.
/// </summary>
internal static class NorwegianWords
{
    private static readonly string[] Words =
    [
        // å
        "å", "på", "nå", "få", "gå", "må", "så", "år", "tå", "blå", "rå", "små", "stå", "slå", "lå", "flå", "klå",
        "går", "får", "står", "slår", "når", "hår", "sår", "vår", "vårt", "våre", "våren",
        "både", "bål", "mål", "skål", "nål", "sånn", "sånt", "sånne", "såpass", "således", "også", "åssen",
        "åpen", "åpent", "åpne", "åpner", "åpnet", "åtte", "åtti", "åttende", "ånd", "åre", "årsak", "ålreit",
        "påske", "påminnelse", "påmelding", "påmeldt", "pårørende", "påfølgende", "påvirke", "påvirket", "påstand",
        "måte", "måten", "måned", "måneder", "måtte", "måling", "månad", "måndag",
        "gått", "fått", "stått", "slått", "nådd", "nåde", "nåværende",
        "håp", "håpe", "håper", "håpet", "håpløs", "håpløst", "tåke", "tåka", "tåle", "tåler", "tålt", "tålmodig",
        "tåre", "tårer", "låne", "låner", "lånt", "lån", "lånet", "låst", "låse", "råd", "rådgiver", "rådet",
        "våken", "våkne", "våkner", "våknet", "dårlig", "dårlige", "dårligere", "båt", "kåre", "pål", "ståle",
        "sjåfør", "førerkort", "jåle", "båre", "kåt", "måke", "råtten", "skåret", "tråd", "tråkk",
        // æ
        "være", "vært", "vær", "været", "lære", "lærer", "læreren", "lærte", "lært", "lærling", "nær", "nære", "nærme",
        "nærmere", "nærmeste", "ærlig", "ærlige", "særlig", "sær", "ære", "ærend", "fæl", "fælt", "fæle", "kjære",
        "kjæreste", "kjærlighet", "kjær", "bære", "bærer", "bær", "tær", "hæl", "væske", "trær", "hær", "æ", "mæ",
        "dæ", "sæ", "jæ", "nææ", "næ", "hæ", "vær så snill", "vært", "sjæl", "æsj",
        // ø
        "før", "først", "første", "føle", "føler", "følelse", "følelser", "følte", "følt", "følge", "følger", "følgende",
        "fører", "føre", "førti", "født", "fødsel", "fødselsdag", "møte", "møter", "møtet", "møtte", "møtt",
        "høre", "hører", "hørt", "hørte", "høres", "hør", "dør", "døra", "døren", "døde", "død", "døden", "dø",
        "høy", "høyt", "høyre", "høst", "høsten", "søn", "sønn", "sønnen", "sønner", "søndag", "lørdag", "tørr",
        "tør", "tørst", "søke", "søker", "søkt", "søknad", "søknaden", "søknader", "prøve", "prøver", "prøvd", "prøvde",
        "trøtt", "trøst", "nød", "nødt", "grønn", "grønt", "øl", "øre", "øye", "øyne", "ønske", "ønsker", "ønsket",
        "økonomi", "økonomisk", "øke", "øker", "ødelagt", "ødelegge", "øve", "øver", "øvelse", "økt", "øst",
        "bør", "støtte", "støtter", "stønad", "stønaden", "søppel", "søster", "søsken", "bøker", "bøter",
        "kjøre", "kjører", "kjørte", "kjøpe", "kjøper", "kjøpt", "kjøkken", "kjøtt", "sjø", "sjøen", "sjøl", "sjølv",
        "møkk", "møkka", "døgn", "døgnet", "søt", "røyk", "røyke", "røyker", "rød", "rødt", "nøkkel", "nøkler",
        "nøye", "nøktern", "sør", "tørke", "løpe", "løper", "løpet", "løse", "løsning", "løs", "løst", "løgn", "lønn",
        "lønna", "lønnen", "mørk", "mørkt", "mørket", "grøt", "søvn", "søvnig", "sølv", "pølse", "høflig", "høyde",
        "gøy", "stø", "støy", "sørge", "sørger", "bølge", "blør", "spørre", "spør", "spørsmål", "spørsmålet", "svømme",
        "trøbbel", "trøblete", "brød", "brødre", "bønn", "gjør", "gjøre", "gjøres", "gjøremål", "dømme", "dømt",
        "hjørne", "kjønn", "skjønner", "skjønne", "skjønt", "skjønn", "føtter", "mødre", "fødd", "høyskole", "sjøl",
        "søk", "nødvendig", "nødvendigvis", "øyeblikk", "økonomien", "møteplass", "kø", "køen",
        "rømme", "tømme", "tømt", "drøm", "drømme", "drømmer", "fløy", "strøm", "strømmen", "brøt",
    ];

    public static FrozenSet<string> All { get; } =
        Words.Where(w => !w.Contains(' ', StringComparison.Ordinal))
            .Concat(DialectMap.Forms.Keys.Where(k => k.AsSpan().IndexOfAny('æ', 'ø', 'å') >= 0))
            .ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] Endings = ["e", "en", "et", "er", "ene", "a", "ne", "t", "s", "r", "n", "te", "de", "ing", "ingen", "lig"];

    /// <summary>Returns the word with "ae"/"oe"/"aa" turned into æ/ø/å when that gives a known word; otherwise the word.</summary>
    public static string RestoreLetters(string word)
    {
        if (!word.Contains("ae", StringComparison.Ordinal) && !word.Contains("oe", StringComparison.Ordinal)
            && !word.Contains("aa", StringComparison.Ordinal))
        {
            return word;
        }

        foreach (var candidate in Candidates(word))
        {
            if (IsKnown(candidate.Text, candidate.LastReplaced))
            {
                return candidate.Text;
            }
        }

        return word;
    }

    private static bool IsKnown(string candidate, int lastReplaced)
    {
        if (All.Contains(candidate))
        {
            return true;
        }

        foreach (var ending in Endings)
        {
            if (candidate.Length > ending.Length && candidate.EndsWith(ending, StringComparison.Ordinal)
                && All.Contains(candidate[..^ending.Length]) && candidate.Length - ending.Length > lastReplaced)
            {
                return true;
            }
        }

        // A compound that starts with a known word of four letters or more, with every restored letter inside it.
        for (var length = candidate.Length - 1; length >= 4 && length > lastReplaced; length--)
        {
            if (All.Contains(candidate[..length]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every way of restoring some of the pairs, fewest restorations last; each with the index of its last restored letter.</summary>
    private static IEnumerable<(string Text, int LastReplaced)> Candidates(string word)
    {
        var results = new List<(string Text, int LastReplaced, int Count)>();
        Expand(word, 0, 0, -1, results);
        return results.Where(r => r.Count > 0).OrderByDescending(r => r.Count).Select(r => (r.Text, r.LastReplaced));
    }

    private static void Expand(string word, int from, int count, int lastReplaced, List<(string, int, int)> results)
    {
        for (var i = from; i < word.Length - 1; i++)
        {
            var replacement = (word[i], word[i + 1]) switch
            {
                ('a', 'e') => 'æ',
                ('o', 'e') => 'ø',
                ('a', 'a') => 'å',
                _ => '\0',
            };
            if (replacement != '\0')
            {
                var replaced = string.Concat(word.AsSpan(0, i), replacement.ToString(), word.AsSpan(i + 2));
                Expand(replaced, i + 1, count + 1, i, results);
            }
        }

        results.Add((word, lastReplaced, count));
    }
}
