using System.Text;

namespace Dialogue.Safety.Screening.Matching;

/// <summary>
/// The form words are compared in: the normalizer's bokmål word with æ, ø, å folded to a, o, a and the typed stand-ins
/// ae, oe, aa folded the same way, so "død", "dod" and "doed" all compare as "dod". Applied alike to lexicon words and
/// message words.
/// </summary>
internal static class MatchText
{
    public static string Fold(string word)
    {
        if (!Changes(word))
        {
            // Most words: no æ, ø, å and no ae, aa, oe — the word itself, no copy.
            return word;
        }

        var builder = new StringBuilder(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i] switch
            {
                'æ' => 'a',
                'ø' => 'o',
                'å' => 'a',
                var other => other,
            };

            // ae → a, oe → o, aa → a (the second letter is the typed stand-in's tail).
            if (i + 1 < word.Length && ((word[i] == 'a' && word[i + 1] is 'e' or 'a') || (word[i] == 'o' && word[i + 1] == 'e')))
            {
                builder.Append(c);
                i++;
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool Changes(string word)
    {
        if (word.AsSpan().IndexOfAny('æ', 'ø', 'å') >= 0)
        {
            return true;
        }

        for (var i = 0; i + 1 < word.Length; i++)
        {
            if ((word[i] == 'a' && word[i + 1] is 'e' or 'a') || (word[i] == 'o' && word[i + 1] == 'e'))
            {
                return true;
            }
        }

        return false;
    }
}
