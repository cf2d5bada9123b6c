using System.Collections.Frozen;
using Dialogue.Language;

namespace Dialogue.Safety.Screening.Matching;

/// <summary>What separates a word from the one before it.</summary>
internal enum Boundary : byte
{
    None,

    /// <summary>A comma, semicolon, colon, dash or bracket, or a clause word such as "men".</summary>
    Clause,

    /// <summary>A full stop, question or exclamation mark, or a line break.</summary>
    Sentence,
}

/// <summary>
/// One message, normalized once: its words in match form, where each came from in the original text (for evidence),
/// the clause and sentence each belongs to, and the lexicon terms each satisfies.
/// </summary>
internal sealed class AnalyzedMessage
{
    private readonly int[] _termStart;
    private readonly int[] _terms;

    private AnalyzedMessage(string text, int count, int[] termStart, int[] terms)
    {
        Text = text;
        Count = count;
        Words = new string[count];
        Start = new int[count];
        End = new int[count];
        IsSymbol = new bool[count];
        Before = new Boundary[count];
        Sentence = new int[count];
        Clause = new int[count];
        _termStart = termStart;
        _terms = terms;
    }

    public string Text { get; }

    public int Count { get; }

    public string[] Words { get; }

    public int[] Start { get; }

    public int[] End { get; }

    public bool[] IsSymbol { get; }

    public Boundary[] Before { get; }

    public int[] Sentence { get; }

    public int[] Clause { get; }

    public ReadOnlySpan<int> TermsOf(int word) => _terms.AsSpan(_termStart[word], _termStart[word + 1] - _termStart[word]);

    /// <summary>True when word <paramref name="word"/> satisfies any of the sorted <paramref name="terms"/>.</summary>
    public bool Has(int word, int[] terms)
    {
        foreach (var term in TermsOf(word))
        {
            if (terms.AsSpan().BinarySearch(term) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The original text from word <paramref name="first"/> to word <paramref name="last"/>.</summary>
    public string Evidence(int first, int last) => Text[Start[first]..End[last]];

    public static AnalyzedMessage Analyze(string text, TermTable table, FrozenDictionary<string, string> spellings, int[] clauseWords)
    {
        var tokens = NorwegianNormalizer.Analyze(text);
        var words = new string[tokens.Count];
        var termStart = new int[tokens.Count + 1];
        var terms = new List<int>(tokens.Count * 2);
        for (var i = 0; i < tokens.Count; i++)
        {
            var folded = MatchText.Fold(tokens[i].Text);
            words[i] = spellings.TryGetValue(folded, out var canonical) ? canonical : folded;
            termStart[i] = terms.Count;
            table.Lookup(words[i], tokens[i].IsSymbol, terms);
        }

        termStart[tokens.Count] = terms.Count;
        var message = new AnalyzedMessage(text, tokens.Count, termStart, [.. terms]);
        var sentence = 0;
        var clause = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            message.Words[i] = words[i];
            message.Start[i] = token.Start;
            message.End[i] = token.End;
            message.IsSymbol[i] = token.IsSymbol;
            var before = i == 0 || tokens[i - 1].Start == token.Start ? Boundary.None : Between(text, tokens[i - 1].End, token.Start);
            if (before == Boundary.None && i > 0 && message.Has(i, clauseWords))
            {
                before = Boundary.Clause;
            }

            message.Before[i] = before;
            if (before == Boundary.Sentence)
            {
                sentence++;
            }

            if (before != Boundary.None)
            {
                clause++;
            }

            message.Sentence[i] = sentence;
            message.Clause[i] = clause;
        }

        return message;
    }

    private static Boundary Between(string text, int from, int to)
    {
        var result = Boundary.None;
        for (var i = from; i < to; i++)
        {
            switch (text[i])
            {
                case '.' or '!' or '?' or '\n' or '\r':
                    return Boundary.Sentence;
                case ',' or ';' or ':' or '(' or ')' or '-' or '–' or '—' or '"':
                    result = Boundary.Clause;
                    break;
            }
        }

        return result;
    }
}
