namespace Dialogue.Language;

/// <summary>
/// Optimal string alignment distance (Levenshtein plus adjacent transposition, each edit costs 1):
/// "hjlep" → "hjelp" is 1, "avbyt" → "avbryt" is 1. The one distance every fuzzy match in this library uses.
/// </summary>
internal static class EditDistance
{
    public static int Compute(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length == 0)
        {
            return b.Length;
        }

        if (b.Length == 0)
        {
            return a.Length;
        }

        // Three rolling rows: two back (for transpositions), previous and current.
        var twoBack = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, twoBack[j - 2] + 1);
                }

                current[j] = best;
            }

            (twoBack, previous, current) = (previous, current, twoBack);
        }

        return previous[b.Length];
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are at most <paramref name="max"/> edits apart.</summary>
    public static bool Within(string a, string b, int max) =>
        Math.Abs(a.Length - b.Length) <= max && Compute(a, b) <= max;

    /// <summary>
    /// The usual typo allowance for a word of this length: none below 4 letters, 1 edit up to 7, 2 from 8.
    /// </summary>
    public static int TypoAllowance(int length) => length switch
    {
        < 4 => 0,
        < 8 => 1,
        _ => 2,
    };
}
