namespace Dialogue.Language;

/// <summary>
/// The first number in a message, in digits ("3", "03", " 12 ") or words ("tre", "tjueen", "en og tjue", "tjue en",
/// "førti to", "ein", "eitt", "fjorten", "sytti", "hundre").
/// </summary>
/// <remarks>
/// "en", "ei", "et", "ein", "eit" are also articles ("en dag", "ei uke"), so they count only when the message holds
/// no other number: "en" → 1, "jeg har en hund og 3 katter" → 3. Number words with one typo ("tolf", "fjortn") are read
/// only in short answers (one or two words), where they cannot be some other word in a sentence.
/// </remarks>
public static class NumberRecognizer
{
    public static int? Recognize(string? text)
    {
        var tokens = NorwegianNormalizer.Analyze(text).Where(t => !t.IsSymbol).Select(t => t.Text).ToList();
        var allowTypos = tokens.Count <= 2;
        int? article = null;
        var i = 0;
        while (i < tokens.Count)
        {
            if (NumberWords.TryRead(tokens, i, allowTypos, out var match))
            {
                if (!match.IsArticle)
                {
                    return match.Value;
                }

                article ??= match.Value;
                i += match.Count;
            }
            else
            {
                i++;
            }
        }

        return article;
    }
}
