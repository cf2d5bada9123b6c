namespace Dialogue.Safety.Screening.Matching;

internal enum ElementKind
{
    /// <summary>One word that satisfies any of the terms.</summary>
    Word,

    /// <summary>Up to <see cref="Element.MaxGap"/> words of anything except a negator, inside one sentence.</summary>
    Gap,

    /// <summary>At the start: the word before the match is none of the terms.</summary>
    NotBefore,

    /// <summary>At the end: the word after the match is none of the terms.</summary>
    NotAfter,

    /// <summary>At the start: the match starts a clause.</summary>
    ClauseStart,

    /// <summary>At the end: the match ends a clause.</summary>
    ClauseEnd,
}

internal sealed record Element(ElementKind Kind, int[] Terms, int MaxGap = 0);

/// <summary>A compiled token pattern of the lexicon entry (or marker) <see cref="Owner"/>.</summary>
internal sealed record Pattern(int Owner, string Source, Element[] Elements)
{
    /// <summary>Index of the first word element: where a match starts.</summary>
    public int Anchor { get; } = Array.FindIndex(Elements, e => e.Kind == ElementKind.Word);
}

/// <summary>A match of a pattern: its owner and the first and last word it covers.</summary>
internal readonly record struct Match(int Owner, int First, int Last)
{
    public bool Overlaps(Match other) => First <= other.Last && other.First <= Last;

    public int Length => Last - First + 1;
}

/// <summary>
/// A group of compiled patterns (the risk entries, the protective phrases, the time markers), indexed by the terms their
/// first word accepts, so a message word only tries the patterns that can start with it. Matching walks the message
/// words once; gaps are bounded, so there is no backtracking beyond a few words.
/// </summary>
internal sealed class PatternSet
{
    private readonly Pattern[] _patterns;
    /// <summary>By term id (dense): the patterns whose first word accepts that term, or null.</summary>
    private readonly int[]?[] _byFirstTerm;
    private readonly int[] _negators;

    public PatternSet(IReadOnlyList<Pattern> patterns, int[] negators)
    {
        _patterns = [.. patterns];
        _negators = negators;
        var byTerm = _patterns
            .SelectMany((p, index) => p.Elements[p.Anchor].Terms.Select(term => (term, index)))
            .GroupBy(x => x.term)
            .ToDictionary(g => g.Key, g => g.Select(x => x.index).Distinct().ToArray());
        _byFirstTerm = new int[]?[byTerm.Count == 0 ? 0 : byTerm.Keys.Max() + 1];
        foreach (var (term, candidates) in byTerm)
        {
            _byFirstTerm[term] = candidates;
        }
    }

    public int Count => _patterns.Length;

    public Pattern this[int index] => _patterns[index];

    /// <summary>Every match in the message, at most one per pattern and start word (the shortest).</summary>
    public List<Match> FindAll(AnalyzedMessage message)
    {
        var matches = new List<Match>();
        var tried = new HashSet<int>();
        for (var i = 0; i < message.Count; i++)
        {
            tried.Clear();
            foreach (var term in message.TermsOf(i))
            {
                if ((uint)term >= (uint)_byFirstTerm.Length || _byFirstTerm[term] is not { } candidates)
                {
                    continue;
                }

                foreach (var index in candidates)
                {
                    if (!tried.Add(index))
                    {
                        continue;
                    }

                    var pattern = _patterns[index];
                    if (!Leading(pattern, message, i))
                    {
                        continue;
                    }

                    var last = MatchFrom(pattern.Elements, pattern.Anchor, i, message, first: true);
                    if (last >= 0)
                    {
                        matches.Add(new Match(pattern.Owner, i, last));
                    }
                }
            }
        }

        return matches;
    }

    /// <summary>The zero-width checks before the first word.</summary>
    private static bool Leading(Pattern pattern, AnalyzedMessage message, int start)
    {
        for (var e = 0; e < pattern.Anchor; e++)
        {
            var element = pattern.Elements[e];
            var ok = element.Kind switch
            {
                ElementKind.NotBefore => start == 0 || message.Before[start] != Boundary.None || !message.Has(start - 1, element.Terms),
                ElementKind.ClauseStart => start == 0 || message.Before[start] != Boundary.None,
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Matches elements from <paramref name="e"/> with the next word at <paramref name="at"/>; the last word covered, or -1.</summary>
    private int MatchFrom(Element[] elements, int e, int at, AnalyzedMessage message, bool first)
    {
        if (e == elements.Length)
        {
            return at - 1;
        }

        var element = elements[e];
        switch (element.Kind)
        {
            case ElementKind.Word:
                if (at >= message.Count || (!first && message.Before[at] == Boundary.Sentence) || !message.Has(at, element.Terms))
                {
                    return -1;
                }

                return MatchFrom(elements, e + 1, at + 1, message, first: false);

            case ElementKind.Gap:
                for (var skip = 0; skip <= element.MaxGap; skip++)
                {
                    var last = MatchFrom(elements, e + 1, at + skip, message, first: false);
                    if (last >= 0)
                    {
                        return last;
                    }

                    // The word about to be skipped must stay in the sentence and must not be a negator.
                    var skipped = at + skip;
                    if (skipped >= message.Count || message.Before[skipped] == Boundary.Sentence || message.Has(skipped, _negators))
                    {
                        return -1;
                    }
                }

                return -1;

            case ElementKind.NotAfter:
                return at < message.Count && message.Before[at] == Boundary.None && message.Has(at, element.Terms)
                    ? -1
                    : MatchFrom(elements, e + 1, at, message, first: false);

            case ElementKind.ClauseEnd:
                return at < message.Count && message.Before[at] == Boundary.None
                    ? -1
                    : MatchFrom(elements, e + 1, at, message, first: false);

            default:
                return MatchFrom(elements, e + 1, at, message, first: false);
        }
    }
}
