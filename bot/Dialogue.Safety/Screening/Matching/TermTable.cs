using System.Collections.Frozen;
using System.Globalization;
using Dialogue.Language;

namespace Dialogue.Safety.Screening.Matching;

internal enum TermKind
{
    /// <summary>The whole word.</summary>
    Exact,

    /// <summary>A word that starts with the text ("selvmord*").</summary>
    Prefix,

    /// <summary>Any number ("#num").</summary>
    Number,

    /// <summary>A four-digit year before the current one ("#pastyear").</summary>
    PastYear,

    /// <summary>A number from 10 up ("#many": "tok 30 sobril").</summary>
    Many,
}

/// <summary>
/// Every distinct word, prefix and word class the patterns use, each with a small integer id. A message word is looked up
/// once and gets the sorted ids of every term it satisfies, so patterns compare integers, never strings.
/// </summary>
/// <remarks>
/// Typos: a word of 7+ letters that is no lexicon word itself may match a lexicon word of 8+ letters (or the start of a
/// word, for prefixes of 8+ letters) one edit away. Candidates come from a deletion index (every term with one letter
/// deleted), so the cost does not grow with the size of the lexicon.
/// </remarks>
internal sealed class TermTable
{
    public const int FuzzyMinTermLength = 8;
    public const int FuzzyMinWordLength = 7;

    private readonly FrozenDictionary<string, int[]> _exact;
    private readonly FrozenDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _exactSpan;
    private readonly FrozenDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _prefixSpan;
    private readonly FrozenDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _fuzzyExactSpan;
    private readonly FrozenDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _fuzzyPrefixSpan;
    private readonly string[] _texts;
    private readonly int _minPrefix;
    private readonly int _maxPrefix;
    private readonly int[] _fuzzyPrefixLengths;
    private readonly int _number;
    private readonly int _pastYear;
    private readonly int _lastPastYear;
    private readonly int _many;

    private TermTable(Builder builder)
    {
        _texts = [.. builder.Texts];
        _exact = Group(builder.Terms.Where(t => t.Key.Kind == TermKind.Exact).Select(t => (t.Key.Text, t.Value)));
        _exactSpan = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        var prefixes = builder.Terms.Where(t => t.Key.Kind == TermKind.Prefix).ToList();
        _prefixSpan = Group(prefixes.Select(t => (t.Key.Text, t.Value))).GetAlternateLookup<ReadOnlySpan<char>>();
        _minPrefix = prefixes.Count == 0 ? int.MaxValue : prefixes.Min(p => p.Key.Text.Length);
        _maxPrefix = prefixes.Count == 0 ? 0 : prefixes.Max(p => p.Key.Text.Length);

        var fuzzyExact = builder.Terms.Where(t => t.Key is { Kind: TermKind.Exact, Fuzzy: true } && t.Key.Text.Length >= FuzzyMinTermLength);
        _fuzzyExactSpan = Group(fuzzyExact.SelectMany(t => WithDeletions(t.Key.Text).Select(v => (v, t.Value))))
            .GetAlternateLookup<ReadOnlySpan<char>>();
        var fuzzyPrefix = builder.Terms.Where(t => t.Key is { Kind: TermKind.Prefix, Fuzzy: true } && t.Key.Text.Length >= FuzzyMinTermLength).ToList();
        _fuzzyPrefixSpan = Group(fuzzyPrefix.SelectMany(t => WithDeletions(t.Key.Text).Select(v => (v, t.Value))))
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _fuzzyPrefixLengths = [.. fuzzyPrefix.Select(t => t.Key.Text.Length).Distinct().Order()];

        _number = builder.Terms.TryGetValue(new TermKey(TermKind.Number, "", false), out var number) ? number : -1;
        _pastYear = builder.Terms.TryGetValue(new TermKey(TermKind.PastYear, "", false), out var year) ? year : -1;
        _lastPastYear = builder.LastPastYear;
        _many = builder.Terms.TryGetValue(new TermKey(TermKind.Many, "", false), out var many) ? many : -1;
    }

    public int Count => _texts.Length;

    /// <summary>How a term is written in the lexicon (for diagnostics).</summary>
    public string Describe(int term) => _texts[term];

    /// <summary>Adds the ids of every term <paramref name="word"/> (a folded message word) satisfies to <paramref name="into"/>.</summary>
    public void Lookup(string word, bool isSymbol, List<int> into)
    {
        var start = into.Count;
        var exactHit = false;
        if (_exact.TryGetValue(word, out var exact))
        {
            into.AddRange(exact);
            exactHit = true;
        }

        if (!isSymbol)
        {
            var span = word.AsSpan();
            for (var length = _minPrefix; length <= Math.Min(span.Length, _maxPrefix); length++)
            {
                if (_prefixSpan.TryGetValue(span[..length], out var prefix))
                {
                    into.AddRange(prefix);
                }
            }

            if (char.IsAsciiDigit(word[0]))
            {
                AddNumber(word, into);
            }
            else if (!exactHit && word.Length >= FuzzyMinWordLength)
            {
                AddFuzzy(word, _fuzzyExactSpan, into);
                foreach (var length in _fuzzyPrefixLengths)
                {
                    for (var cut = length - 1; cut <= length + 1 && cut <= word.Length; cut++)
                    {
                        AddFuzzy(word.AsSpan(0, cut), _fuzzyPrefixSpan, into);
                    }
                }
            }
        }

        if (into.Count - start > 1)
        {
            into.Sort(start, into.Count - start, Comparer<int>.Default);
            var write = start + 1;
            for (var read = start + 1; read < into.Count; read++)
            {
                if (into[read] != into[write - 1])
                {
                    into[write++] = into[read];
                }
            }

            into.RemoveRange(write, into.Count - write);
        }
    }

    private void AddNumber(string word, List<int> into)
    {
        if (!word.All(char.IsAsciiDigit))
        {
            return;
        }

        if (_number >= 0)
        {
            into.Add(_number);
        }

        var value = word.Length <= 9 ? int.Parse(word, CultureInfo.InvariantCulture) : int.MaxValue;
        if (_pastYear >= 0 && word.Length == 4 && value >= 1950 && value <= _lastPastYear)
        {
            into.Add(_pastYear);
        }

        if (_many >= 0 && value >= 10)
        {
            into.Add(_many);
        }
    }

    private void AddFuzzy(ReadOnlySpan<char> word, FrozenDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> index, List<int> into)
    {
        string? text = null; // the word as a string, made only when a variant is found (most words have none)
        if (word.Length < FuzzyMinWordLength)
        {
            return;
        }

        Span<char> buffer = stackalloc char[word.Length];
        for (var skip = -1; skip < word.Length; skip++)
        {
            scoped ReadOnlySpan<char> variant;
            if (skip < 0)
            {
                variant = word;
            }
            else
            {
                word[..skip].CopyTo(buffer);
                word[(skip + 1)..].CopyTo(buffer[skip..]);
                variant = buffer[..(word.Length - 1)];
            }

            if (!index.TryGetValue(variant, out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                text ??= word.ToString();
                if (EditDistance.Within(text, _texts[candidate].TrimEnd('*'), 1))
                {
                    into.Add(candidate);
                }
            }
        }
    }

    private static IEnumerable<string> WithDeletions(string text)
    {
        yield return text;
        for (var i = 0; i < text.Length; i++)
        {
            yield return string.Concat(text.AsSpan(0, i), text.AsSpan(i + 1));
        }
    }

    private static FrozenDictionary<string, int[]> Group(IEnumerable<(string Key, int Id)> pairs) =>
        pairs.GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Id).Distinct().Order().ToArray(), StringComparer.Ordinal);

    internal readonly record struct TermKey(TermKind Kind, string Text, bool Fuzzy);

    /// <summary>Collects terms while patterns compile; <see cref="Build"/> freezes them.</summary>
    internal sealed class Builder(int lastPastYear)
    {
        public Dictionary<TermKey, int> Terms { get; } = [];

        public List<string> Texts { get; } = [];

        public int LastPastYear { get; } = lastPastYear;

        public int Intern(TermKind kind, string text, bool fuzzy)
        {
            var key = new TermKey(kind, text, fuzzy && kind is TermKind.Exact or TermKind.Prefix);
            if (!Terms.TryGetValue(key, out var id))
            {
                id = Texts.Count;
                Terms.Add(key, id);
                Texts.Add(kind switch
                {
                    TermKind.Prefix => text + "*",
                    TermKind.Number => "#num",
                    TermKind.PastYear => "#pastyear",
                    TermKind.Many => "#many",
                    _ => text,
                });
            }

            return id;
        }

        public TermTable Build() => new(this);
    }
}
