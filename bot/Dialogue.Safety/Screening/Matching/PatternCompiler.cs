using System.Collections.Frozen;
using System.Globalization;
using Dialogue.Language;

namespace Dialogue.Safety.Screening.Matching;

/// <summary>
/// Turns pattern text ("tatt|tok * alle @pills", "selvmord*", "!jeg tar livet av meg") into <see cref="Pattern"/>s,
/// interning every word in the shared <see cref="TermTable.Builder"/>. Errors name the pattern, so a reviewer can fix the
/// lexicon file.
/// </summary>
internal sealed class PatternCompiler(
    TermTable.Builder terms,
    IReadOnlyDictionary<string, IReadOnlyList<string>> sets,
    FrozenDictionary<string, string> spellings)
{
    public const int DefaultGap = 3;
    public const int MaxGap = 8;
    public const int MinPrefixLength = 3;

    public Pattern Compile(int owner, string source, bool fuzzy)
    {
        var parts = source.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw Error(source, "is empty");
        }

        var elements = new List<Element>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var isFirst = i == 0;
            var isLast = i == parts.Length - 1;
            if (part == "*" || (part.Length > 1 && part[0] == '*' && part[1..].All(char.IsAsciiDigit)))
            {
                var gap = part.Length == 1 ? DefaultGap : int.Parse(part.AsSpan(1), CultureInfo.InvariantCulture);
                if (gap is < 1 or > MaxGap)
                {
                    throw Error(source, $"has a gap '{part}'; gaps are * (up to {DefaultGap} words) or *1 … *{MaxGap}");
                }

                elements.Add(new Element(ElementKind.Gap, [], gap));
            }
            else if (part == "^")
            {
                elements.Add(isFirst ? new Element(ElementKind.ClauseStart, []) : throw Error(source, "has ^ (clause start) that is not first"));
            }
            else if (part == "$")
            {
                elements.Add(isLast ? new Element(ElementKind.ClauseEnd, []) : throw Error(source, "has $ (clause end) that is not last"));
            }
            else if (part[0] == '!')
            {
                var kind = isFirst ? ElementKind.NotBefore
                    : isLast ? ElementKind.NotAfter
                    : throw Error(source, $"has '{part}' in the middle; !word is only allowed first or last");
                elements.Add(new Element(kind, Terms(source, part[1..], fuzzy: false)));
            }
            else
            {
                elements.Add(new Element(ElementKind.Word, Terms(source, part, fuzzy)));
            }
        }

        var words = elements.FindAll(e => e.Kind == ElementKind.Word);
        if (words.Count == 0)
        {
            throw Error(source, "has no word");
        }

        var core = elements.FindAll(e => e.Kind is ElementKind.Word or ElementKind.Gap);
        if (core[0].Kind == ElementKind.Gap || core[^1].Kind == ElementKind.Gap)
        {
            throw Error(source, "starts or ends with a gap");
        }

        for (var i = 1; i < core.Count; i++)
        {
            if (core[i].Kind == ElementKind.Gap && core[i - 1].Kind == ElementKind.Gap)
            {
                throw Error(source, "has two gaps in a row");
            }
        }

        return new Pattern(owner, source, [.. elements]);
    }

    /// <summary>The sorted term ids of one word element: alternatives split on |, sets expanded.</summary>
    public int[] Terms(string source, string element, bool fuzzy)
    {
        var ids = new SortedSet<int>();
        foreach (var alternative in element.Split('|'))
        {
            if (alternative.Length > 1 && alternative[0] == '@')
            {
                if (!sets.TryGetValue(alternative[1..], out var members))
                {
                    throw Error(source, $"uses the set '{alternative}', which is not defined under \"sets\"");
                }

                foreach (var member in members)
                {
                    if (member.StartsWith('@'))
                    {
                        throw Error(source, $"uses the set '{alternative}', which contains another set ('{member}'); sets cannot nest");
                    }

                    ids.Add(Term(source, member, fuzzy));
                }
            }
            else
            {
                ids.Add(Term(source, alternative, fuzzy));
            }
        }

        return [.. ids];
    }

    private int Term(string source, string word, bool fuzzy)
    {
        switch (word)
        {
            case "":
                throw Error(source, "has an empty alternative (check for || or a | at the ends)");
            case "#num":
                return terms.Intern(TermKind.Number, "", false);
            case "#pastyear":
                return terms.Intern(TermKind.PastYear, "", false);
            case "#many":
                return terms.Intern(TermKind.Many, "", false);
        }

        if (word.EndsWith('*'))
        {
            var stem = MatchText.Fold(string.Concat(word[..^1].ToLowerInvariant().Where(char.IsLetterOrDigit)));
            if (stem.Length < MinPrefixLength || word.Count(c => c == '*') > 1)
            {
                throw Error(source, $"has the prefix '{word}'; a prefix needs at least {MinPrefixLength} letters before a single *");
            }

            return terms.Intern(TermKind.Prefix, stem, fuzzy);
        }

        // A literal goes through the same normalizer as messages, so "ikkje" in the lexicon means what "ikkje" typed means.
        var normalized = NorwegianNormalizer.Tokens(word);
        if (normalized.Count != 1)
        {
            throw Error(source, $"has '{word}', which reads as {normalized.Count} words (\"{string.Join(' ', normalized)}\"); write them as separate words");
        }

        var folded = MatchText.Fold(normalized[0]);
        return terms.Intern(TermKind.Exact, spellings.GetValueOrDefault(folded, folded), fuzzy);
    }

    private static InvalidDataException Error(string source, string problem) =>
        new($"The risk lexicon pattern \"{source}\" {problem}.");
}
