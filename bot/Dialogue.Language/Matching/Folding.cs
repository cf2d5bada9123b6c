namespace Dialogue.Language;

/// <summary>Compares words the way people type them without æøå: "sånn" and "sann", "dårlig" and "darlig" fold alike.</summary>
internal static class Folding
{
    public static string Fold(string word)
    {
        if (word.AsSpan().IndexOfAny('æ', 'ø', 'å') < 0)
        {
            return word;
        }

        return string.Create(word.Length, word, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] switch
                {
                    'æ' => 'a',
                    'ø' => 'o',
                    'å' => 'a',
                    var c => c,
                };
            }
        });
    }

    /// <summary>Equal, or equal once æøå are folded.</summary>
    public static bool SameWord(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal) || string.Equals(Fold(a), Fold(b), StringComparison.Ordinal);

    /// <summary>
    /// Finds the key of <paramref name="table"/> (keys of at least <paramref name="minLength"/> letters) nearest to
    /// <paramref name="word"/> within the typo allowance for the word's length (compared folded). Returns false when none is near enough or two different values are equally near.
    /// </summary>
    public static bool TryFuzzy<T>(string word, IReadOnlyDictionary<string, T> table, int minLength, out T value)
    {
        value = default!;
        if (word.Length < minLength || word.Any(char.IsDigit))
        {
            return false;
        }

        var folded = Fold(word);
        var best = int.MaxValue;
        var found = false;
        var ambiguous = false;
        foreach (var (key, candidate) in table)
        {
            if (key.Length < minLength)
            {
                continue;
            }

            // The typed word's length sets the allowance; a short key ("nei") still allows one typo.
            var allowance = Math.Min(EditDistance.TypoAllowance(word.Length), Math.Max(1, EditDistance.TypoAllowance(key.Length)));
            if (allowance == 0)
            {
                continue;
            }

            var foldedKey = Fold(key);
            if (!EditDistance.Within(folded, foldedKey, allowance))
            {
                continue;
            }

            var distance = EditDistance.Compute(folded, foldedKey);
            if (distance < best)
            {
                best = distance;
                value = candidate;
                found = true;
                ambiguous = false;
            }
            else if (distance == best && !EqualityComparer<T>.Default.Equals(value, candidate))
            {
                ambiguous = true;
            }
        }

        return found && !ambiguous;
    }
}
