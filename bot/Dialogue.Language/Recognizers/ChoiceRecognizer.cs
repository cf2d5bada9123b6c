using System.Collections.Frozen;

namespace Dialogue.Language;

/// <summary>
/// Which of a list of options a person chose: by number ("1", "2.", "nr 2", "nummer to", "to"), by ordinal ("den første",
/// "andre", "den siste"), by label or synonym (whole, or contained: "jeg vil ringe tannlegen"), or with typos ("dårli",
/// "sann passe"). Null when nothing fits well enough or two options fit equally well.
/// </summary>
/// <remarks>
/// Tiers, first decisive tier wins: (1) the whole answer is a label or synonym (score 1; with filler words like
/// "jeg velger" removed 0.98); (2) the answer is only a number 1..n or an ordinal (1 / 0.95); (3) word overlap between
/// answer and label (F1 of matched words, a typo counting 0.8, part of a compound 0.7; an unmatched "ikke" in the answer against a label without
/// it weighs it down), or the whole answer within a few typos of a label; scores up to 0.9, at least 0.4 to count.
/// </remarks>
public static class ChoiceRecognizer
{
    private const double MinimumScore = 0.4;

    /// <summary>Words around a number or ordinal that do not change it: "jeg tar nummer 2", "den første takk".</summary>
    private static readonly FrozenSet<string> ReferenceFillers = FrozenSet.ToFrozenSet(
    [
        "jeg", "vil", "velger", "velge", "tar", "ta", "ha", "det", "den", "nr", "nummer", "no", "alternativ", "valg",
        "svar", "svarer", "takk", "gjerne", "blir", "skal", "kan", "er", "please", "bare", "mitt", "min", "da", "ok",
        "så", "nå", "option", "tallet", "punkt",
    ], StringComparer.Ordinal);

    /// <summary>Words that carry no meaning when comparing an answer with a label.</summary>
    private static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "jeg", "det", "er", "å", "og", "i", "vil", "skal", "kan", "den", "så", "bare", "da", "vel", "nok", "tar",
        "velger", "takk", "gjerne", "please", "ok", "tror", "kanskje", "egentlig", "litt", "en", "et", "ei", "på", "til",
        "med", "av", "for",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Negations = FrozenSet.ToFrozenSet(["ikke", "ingen", "aldri", "ingenting"], StringComparer.Ordinal);

    public static ChoiceMatch? Recognize(string? text, IReadOnlyList<ChoiceOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var all = NorwegianNormalizer.Analyze(text).Select(t => t.Text).ToList();
        var words = NorwegianNormalizer.Analyze(text).Where(t => !t.IsSymbol).Select(t => t.Text).ToList();
        if (options.Count == 0 || all.Count == 0)
        {
            return null;
        }

        var phrases = options.Select(o => Phrases(o).ToList()).ToList();

        // (1) The whole answer is a label or a synonym.
        var answer = string.Join(' ', all);
        var exact = Decide(phrases, p => Folding.SameWord(string.Join(' ', p), answer) ? 1.0 : 0.0, options, minimum: 1.0);
        if (exact.Decided)
        {
            return exact.Match;
        }

        var withoutFillers = words.Where(w => !ReferenceFillers.Contains(w)).ToList();
        var stripped = string.Join(' ', withoutFillers);
        var nearExact = withoutFillers.Count > 0
            ? Decide(phrases, p => Folding.SameWord(string.Join(' ', p), stripped) ? 0.98 : 0.0, options, minimum: 0.98)
            : default;
        if (nearExact.Decided)
        {
            return nearExact.Match;
        }

        // (2) Only a number or an ordinal.
        if (Reference(withoutFillers, options.Count) is { } reference)
        {
            return new ChoiceMatch(reference.Index, options[reference.Index].Value, reference.Score);
        }

        // (3) Word overlap or a near spelling.
        var content = Content(words);
        if (content.Count == 0)
        {
            return null;
        }

        return Decide(phrases, p => Math.Max(OverlapScore(content, Content(p)), SpellingScore(content, Content(p))), options, MinimumScore).Match;
    }

    private static IEnumerable<List<string>> Phrases(ChoiceOption option)
    {
        ArgumentNullException.ThrowIfNull(option);
        foreach (var phrase in (option.Synonyms ?? []).Prepend(option.Label))
        {
            var tokens = NorwegianNormalizer.Tokens(phrase).ToList();
            if (tokens.Count > 0)
            {
                yield return tokens;
            }
        }
    }

    /// <summary>The best option by <paramref name="score"/>; undecided when none reaches the minimum; null match on a tie.</summary>
    private static (bool Decided, ChoiceMatch? Match) Decide(
        List<List<List<string>>> phrases, Func<List<string>, double> score, IReadOnlyList<ChoiceOption> options, double minimum)
    {
        var scores = phrases.Select(p => p.Count == 0 ? 0.0 : p.Max(score)).ToList();
        var best = scores.Max();
        if (best < minimum || best <= 0)
        {
            return (false, null);
        }

        var winners = Enumerable.Range(0, scores.Count).Where(i => best - scores[i] < 1e-6).ToList();
        return winners.Count == 1
            ? (true, new ChoiceMatch(winners[0], options[winners[0]].Value, Math.Round(best, 4)))
            : (true, null);
    }

    private static (int Index, double Score)? Reference(List<string> words, int count)
    {
        if (words.Count == 0)
        {
            return null;
        }

        if (NumberWords.TryRead(words, 0, allowTypos: false, out var number) && number.Count == words.Count)
        {
            return number.Value >= 1 && number.Value <= count ? (number.Value - 1, 1.0) : null;
        }

        var joined = string.Join(' ', words);
        int? index = joined switch
        {
            "siste" or "sist" or "nederste" or "den nederste" => count - 1,
            "nest siste" or "nestsiste" => count - 2,
            "øverste" => 0,
            "midterste" or "i midten" or "midten" when count % 2 == 1 => count / 2,
            _ when words.Count == 1 && OrdinalWords.TryParse(words[0], out var ordinal) => ordinal - 1,
            _ => null,
        };

        return index is { } i && i >= 0 && i < count ? (i, 0.95) : null;
    }

    private static List<string> Content(List<string> words)
    {
        var content = words.Where(w => !StopWords.Contains(w)).ToList();
        return content.Count > 0 ? content : words;
    }

    /// <summary>F1 of the words the answer and the label share (a typo counts 0.8), times 0.9.</summary>
    private static double OverlapScore(List<string> answer, List<string> label)
    {
        var used = new bool[answer.Count];
        var matched = 0.0;
        foreach (var word in label)
        {
            var (bestIndex, bestWeight) = (-1, 0.0);
            for (var i = 0; i < answer.Count; i++)
            {
                if (!used[i] && WordWeight(answer[i], word) is var weight && weight > bestWeight)
                {
                    (bestIndex, bestWeight) = (i, weight);
                }
            }

            if (bestIndex >= 0)
            {
                used[bestIndex] = true;
                matched += bestWeight;
            }
        }

        // Enough of the label is there, or every word of the answer is in the label ("tur" for "Gå en tur").
        var precision = matched / label.Count;
        var recall = matched / answer.Count;
        if (matched <= 0 || (precision < 0.5 && used.Any(u => !u)))
        {
            return 0;
        }

        var f1 = 2 * precision * recall / (precision + recall);
        var unmatchedNegation = Enumerable.Range(0, answer.Count).Any(i => !used[i] && Negations.Contains(answer[i]));
        if (unmatchedNegation && !label.Any(Negations.Contains))
        {
            f1 *= 0.3;
        }

        return 0.9 * f1;
    }

    private static double WordWeight(string answer, string label)
    {
        if (Folding.SameWord(answer, label))
        {
            return 1.0;
        }

        if (answer.Any(char.IsDigit) || label.Any(char.IsDigit))
        {
            return 0.0;
        }

        var (a, b) = (Folding.Fold(answer), Folding.Fold(label));
        var allowance = EditDistance.TypoAllowance(Math.Min(a.Length, b.Length));
        if (allowance > 0 && EditDistance.Within(a, b, allowance))
        {
            return 0.8;
        }

        // One word is the end or start of a compound: "kontoret" / "navkontoret", "tannlege" / "tannlegetime".
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        return shorter.Length >= 5 && (longer.EndsWith(shorter, StringComparison.Ordinal) || longer.StartsWith(shorter, StringComparison.Ordinal))
            ? 0.7
            : 0.0;
    }

    /// <summary>The whole answer spelt a few letters off the whole label ("san pase" → "sånn passe").</summary>
    private static double SpellingScore(List<string> answer, List<string> label)
    {
        var a = Folding.Fold(string.Join(' ', answer));
        var b = Folding.Fold(string.Join(' ', label));
        if (a.Length < 4 || b.Length < 4 || answer.Any(Negations.Contains) != label.Any(Negations.Contains))
        {
            return 0;
        }

        var allowance = b.Length switch
        {
            < 6 => 1,
            < 12 => 2,
            _ => 3,
        };
        var distance = EditDistance.Compute(a, b);
        return distance <= allowance ? 0.85 * (1 - ((double)distance / Math.Max(a.Length, b.Length))) : 0;
    }
}
