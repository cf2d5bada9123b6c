namespace Dialogue.Language;

/// <summary>
/// Plain-language measures for the bot's own texts: LIX (Björnsson's readability index, used for Norwegian),
/// words per sentence, and how many questions a text asks.
/// </summary>
/// <remarks>
/// A word is a run of letters and digits (inner hyphens and apostrophes allowed: "NAV-kontoret" is one word); a long word
/// has more than six letters. A sentence ends at . ! or ? followed by a space and a capital letter, a digit or a quote,
/// or at the end of the text; at a colon followed by a line break or a capital; and at a line break. So "kl. 10" and
/// "15.05" do not end sentences, and each line of an SMS list is a sentence of its own.
/// </remarks>
public static class Readability
{
    /// <summary>LIX = words / sentences + 100 × long words / words. 0 for a text without words.</summary>
    public static double Lix(string text)
    {
        var sentences = Sentences(text);
        var words = sentences.Sum(s => s.Count);
        if (words == 0)
        {
            return 0;
        }

        var longWords = sentences.Sum(s => s.Count(w => w.Count(char.IsLetter) > 6));
        return ((double)words / sentences.Count) + (100.0 * longWords / words);
    }

    /// <summary>The number of words in each sentence, in order.</summary>
    public static IReadOnlyList<int> WordsPerSentence(string text) => Sentences(text).Select(s => s.Count).ToList();

    /// <summary>Question marks that end a question ("Hva?? Når?" is two; a "?" inside a web address is none).</summary>
    public static int QuestionCount(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '?')
            {
                continue;
            }

            var end = i;
            while (end + 1 < text.Length && text[end + 1] is '?' or '!')
            {
                end++;
            }

            if (end + 1 >= text.Length || !char.IsLetterOrDigit(text[end + 1]))
            {
                count++;
            }

            i = end;
        }

        return count;
    }

    /// <summary>Sentences that have words, each as its list of words.</summary>
    private static List<List<string>> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<List<string>>();
        var current = new List<string>();
        var i = 0;

        void EndSentence()
        {
            if (current.Count > 0)
            {
                sentences.Add(current);
                current = [];
            }
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || IsInnerJoiner(text, i)))
                {
                    i++;
                }

                current.Add(text[start..i]);
                continue;
            }

            if (c == '\n')
            {
                EndSentence();
            }
            else if (c is '.' or '!' or '?' or ':' && EndsSentence(text, i))
            {
                EndSentence();
            }

            i++;
        }

        EndSentence();
        return sentences;
    }

    /// <summary>A hyphen, apostrophe, or a . : between digits ("15.05", "10:30") inside a word.</summary>
    private static bool IsInnerJoiner(string text, int i) =>
        i > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1])
        && (text[i] is '-' or '\'' or '\u2019' || (text[i] is '.' or ':' or ',' && char.IsDigit(text[i - 1]) && char.IsDigit(text[i + 1])));

    private static bool EndsSentence(string text, int i)
    {
        var c = text[i];
        var next = i + 1;
        while (next < text.Length && text[next] is '.' or '!' or '?')
        {
            next++;
        }

        if (next >= text.Length || text[next] == '\n')
        {
            return true;
        }

        if (!char.IsWhiteSpace(text[next]))
        {
            return false;
        }

        while (next < text.Length && text[next] is ' ' or '\t' or '\u00A0')
        {
            next++;
        }

        if (next >= text.Length || text[next] == '\n')
        {
            return true;
        }

        var following = text[next];
        return c switch
        {
            ':' => char.IsUpper(following),
            '.' => char.IsUpper(following) || following is '"' or '«' or '('
                || (char.IsDigit(following) && !PrecededByAbbreviation(text, i)),
            _ => true,
        };
    }

    /// <summary>"kl. 10", "nr. 2", "ca. 5": a short lower-case word before the period.</summary>
    private static bool PrecededByAbbreviation(string text, int period)
    {
        var start = period;
        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        var word = text[start..period];
        return word.Length is > 0 and <= 3 && word.All(char.IsLower);
    }
}
