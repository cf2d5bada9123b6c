using System.Globalization;
using Dialogue.Safety.Screening.Matching;

namespace Dialogue.Safety.Screening;

/// <summary>
/// Screens a message against the <see cref="RiskLexicon"/>, locally and synchronously (a few microseconds per SMS). Build
/// one and share it: it is immutable and thread-safe.
/// </summary>
/// <remarks>
/// Per message: normalize once (dialect, SMS spelling, æøå); find every pattern match; drop those a protective phrase or
/// idiom cancels; lower a match that is negated ("har ikke tenkt å …"), told as history ("for fem år siden") or about
/// someone else ("broren min …") as its entry says; keep the strongest match per entry; add combinations and emoji
/// signals; and finally the conversation rule: a moderate message after two or more moderate ones is high. The level is
/// the highest signal's level; every signal names its entry and quotes the words that matched.
/// </remarks>
public sealed class LexiconScreener : IRiskScreener
{
    /// <summary>The signal added when repeated moderate messages raise a conversation to high.</summary>
    public const string RepeatedModerateId = "context.repeated_moderate";

    /// <summary>How many earlier moderate messages make a new moderate message high.</summary>
    public const int RepeatedModerateThreshold = 2;

    private const string ProtectiveCategory = "protective";

    private readonly CompiledLexicon _compiled;

    /// <summary>A screener on the embedded lexicon.</summary>
    public LexiconScreener()
        : this(RiskLexicon.Embedded)
    {
    }

    /// <summary>A screener on a lexicon read from <paramref name="lexiconJson"/> (for tests and reviews of a draft lexicon).</summary>
    public LexiconScreener(Stream lexiconJson)
        : this(RiskLexicon.Load(lexiconJson))
    {
    }

    public LexiconScreener(RiskLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        Lexicon = lexicon;
        _compiled = lexicon.Compiled;
    }

    public RiskLexicon Lexicon { get; }

    public ValueTask<RiskAssessment> ScreenAsync(string text, ScreeningContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Screen(text, context));

    /// <summary>Screens one message; <paramref name="context"/> defaults to a message alone.</summary>
    public RiskAssessment Screen(string? text, ScreeningContext? context = null)
    {
        context ??= ScreeningContext.None;
        var signals = new List<(RiskSignal Signal, int Position)>();
        if (!string.IsNullOrWhiteSpace(text))
        {
            Collect(AnalyzedMessage.Analyze(text, _compiled.Terms, _compiled.Spellings, _compiled.ClauseWords), signals);
        }

        var level = signals.Count == 0 ? RiskLevel.None : signals.Max(s => s.Signal.Level);
        if (level == RiskLevel.Moderate && context.EarlierModerateMessages >= RepeatedModerateThreshold)
        {
            level = RiskLevel.High;
            var evidence = string.Create(CultureInfo.InvariantCulture, $"{context.EarlierModerateMessages} earlier moderate messages");
            signals.Add((new RiskSignal(RepeatedModerateId, "context", RiskLevel.High, evidence), int.MaxValue));
        }

        var ordered = signals
            .OrderByDescending(s => s.Signal.Level)
            .ThenBy(s => s.Position)
            .Select(s => s.Signal)
            .ToList();
        return new RiskAssessment(level, ordered) { LexiconVersion = Lexicon.Version };
    }

    private void Collect(AnalyzedMessage message, List<(RiskSignal, int)> signals)
    {
        var risk = _compiled.Risk.FindAll(message);
        var hasSymbol = Array.IndexOf(message.IsSymbol, true) >= 0;
        var protective = risk.Count == 0 && !hasSymbol ? [] : _compiled.Protective.FindAll(message);
        var past = risk.Count == 0 ? [] : _compiled.Past.FindAll(message);
        var recent = past.Count == 0 ? [] : _compiled.Recent.FindAll(message);

        var found = new Dictionary<int, Found>();
        var usedProtective = new HashSet<int>();
        foreach (var match in risk)
        {
            var cancelledBy = CancelledBy(match, protective, message);
            if (cancelledBy >= 0)
            {
                usedProtective.Add(cancelledBy);
                continue;
            }

            var entry = Lexicon.Entries[match.Owner];
            var level = entry.Level;
            var modified = false;
            if (entry.IfNegated is { } negatedLevel && IsNegated(match, message))
            {
                level = Min(level, negatedLevel);
                modified = true;
            }

            if (entry.IfPast is { } pastLevel && IsPast(match, message, past, recent))
            {
                level = Min(level, pastLevel);
                modified = true;
            }

            if (entry.IfOthers is { } othersLevel && IsAboutOthers(match, message))
            {
                level = Min(level, othersLevel);
                modified = true;
            }

            // A modifier that lowers a risk entry to none drops the match; a marker (level none) is kept for combinations.
            if (level == RiskLevel.None && entry.Level != RiskLevel.None)
            {
                continue;
            }

            if (!found.TryGetValue(match.Owner, out var best) || level > best.Level || (level == best.Level && !modified && best.Modified))
            {
                found[match.Owner] = new Found(match, level, modified);
            }
        }

        foreach (var (index, hit) in found)
        {
            if (hit.Level == RiskLevel.None)
            {
                // Markers give no signal of their own.
                continue;
            }

            var entry = Lexicon.Entries[index];
            signals.Add((new RiskSignal(entry.Id, entry.Category, hit.Level, message.Evidence(hit.Match.First, hit.Match.Last)), message.Start[hit.Match.First]));
        }

        AddCombinations(message, found, signals);
        AddEmoji(message, found, protective, usedProtective, signals);

        foreach (var index in usedProtective.Order())
        {
            var match = protective[index];
            var item = Lexicon.Protective[match.Owner];
            signals.Add((new RiskSignal(item.Id, ProtectiveCategory, RiskLevel.None, message.Evidence(match.First, match.Last)), message.Start[match.First]));
        }
    }

    /// <summary>The index (in <paramref name="protective"/>) of a protective match that cancels <paramref name="match"/>, or -1.</summary>
    private int CancelledBy(Match match, List<Match> protective, AnalyzedMessage message)
    {
        for (var i = 0; i < protective.Count; i++)
        {
            var candidate = protective[i];
            if (_compiled.ProtectiveCancels[candidate.Owner] is { } only && !only[match.Owner])
            {
                continue;
            }

            var cancels = Lexicon.Protective[candidate.Owner].Scope == ProtectiveScope.Sentence
                ? message.Sentence[candidate.First] <= message.Sentence[match.Last] && message.Sentence[match.First] <= message.Sentence[candidate.Last]
                : candidate.Overlaps(match) && candidate.Length >= match.Length;
            if (cancels)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// A negator governs the match when it stands before it in the same clause, within the window, with only scope words
    /// ("jeg", "tenkt", "å", "sånn at" …) between: "har ikke tenkt å ta livet mitt", "ikke sånn at jeg vil dø".
    /// </summary>
    private bool IsNegated(Match match, AnalyzedMessage message)
    {
        for (var k = match.First - 1; k >= 0 && match.First - k <= _compiled.NegationWindow; k--)
        {
            if (message.Before[k + 1] != Boundary.None)
            {
                return false;
            }

            if (message.Has(k, _compiled.Negators))
            {
                return true;
            }

            if (!message.Has(k, _compiled.ScopeWords))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Told as history: a past-time marker in the same sentence and no recent-time marker in the match's clauses.</summary>
    private static bool IsPast(Match match, AnalyzedMessage message, List<Match> past, List<Match> recent)
    {
        var sentence = message.Sentence[match.First];
        if (!past.Exists(p => message.Sentence[p.First] == sentence || message.Sentence[p.Last] == sentence))
        {
            return false;
        }

        var firstClause = message.Clause[match.First];
        var lastClause = message.Clause[match.Last];
        return !recent.Exists(r => message.Clause[r.Last] >= firstClause && message.Clause[r.First] <= lastClause);
    }

    /// <summary>
    /// About someone else: no first-person word inside the match ("hvis jeg bare var død"), and walking back in the
    /// sentence, a third-person subject comes before any first-person word.
    /// </summary>
    private bool IsAboutOthers(Match match, AnalyzedMessage message)
    {
        for (var k = match.First; k <= match.Last; k++)
        {
            if (message.Has(k, _compiled.FirstPerson))
            {
                return false;
            }
        }

        var sentence = message.Sentence[match.First];
        for (var k = match.First - 1; k >= 0 && match.First - k <= _compiled.OthersWindow && message.Sentence[k] == sentence; k--)
        {
            if (message.Has(k, _compiled.FirstPerson))
            {
                return false;
            }

            if (message.Has(k, _compiled.Subjects))
            {
                return true;
            }
        }

        return false;
    }

    private void AddCombinations(AnalyzedMessage message, Dictionary<int, Found> found, List<(RiskSignal, int)> signals)
    {
        for (var c = 0; c < Lexicon.Combinations.Count; c++)
        {
            var items = _compiled.CombinationItems[c];
            var parts = new List<Found>(items.Length);
            foreach (var item in items)
            {
                var hit = found.Where(f => item[f.Key] && !f.Value.Modified).Select(f => f.Value).OrderBy(f => f.Match.First).FirstOrDefault();
                if (hit is null)
                {
                    break;
                }

                parts.Add(hit);
            }

            if (parts.Count == items.Length)
            {
                var rule = Lexicon.Combinations[c];
                var evidence = string.Join(" + ", parts.Select(p => message.Evidence(p.Match.First, p.Match.Last)).Distinct(StringComparer.Ordinal));
                signals.Add((new RiskSignal(rule.Id, rule.Category, rule.Level, evidence), parts.Min(p => message.Start[p.Match.First])));
            }
        }
    }

    private void AddEmoji(AnalyzedMessage message, Dictionary<int, Found> found, List<Match> protective, HashSet<int> usedProtective,
        List<(RiskSignal Signal, int Position)> signals)
    {
        var others = signals.ToList();
        var markerCategories = found
            .Where(f => f.Value.Level == RiskLevel.None && !f.Value.Modified)
            .Select(f => Lexicon.Entries[f.Key].Category)
            .ToHashSet(StringComparer.Ordinal);
        for (var r = 0; r < Lexicon.EmojiRules.Count; r++)
        {
            var rule = Lexicon.EmojiRules[r];
            var terms = _compiled.EmojiTerms[r];
            var count = 0;
            var first = -1;
            var evidence = "";
            var sentences = new List<int>();
            for (var k = 0; k < message.Count; k++)
            {
                if (message.IsSymbol[k] && message.Has(k, terms))
                {
                    count++;
                    evidence += message.Evidence(k, k);
                    first = first < 0 ? k : first;
                    sentences.Add(message.Sentence[k]);
                }
            }

            if (count < rule.MinCount)
            {
                continue;
            }

            // A protective item that names this rule cancels it in its sentence ("gråt av glede 😭").
            var cancelledBy = protective.FindIndex(p => _compiled.ProtectiveCancelsEmoji[p.Owner][r]
                && sentences.Exists(sentence => message.Sentence[p.First] <= sentence && sentence <= message.Sentence[p.Last]));
            if (cancelledBy >= 0)
            {
                usedProtective.Add(cancelledBy);
                continue;
            }

            var level = rule.Level;

            // Other signals (of the listed categories, or any) and markers of the listed categories; a marker counts as none.
            var candidates = others
                .Where(o => o.Signal.Level >= RiskLevel.Moderate && (rule.WithCategories.Count == 0 || rule.WithCategories.Contains(o.Signal.Category)))
                .Select(o => o.Signal.Level)
                .Concat(rule.WithCategories.Where(markerCategories.Contains).Select(_ => RiskLevel.None))
                .ToList();
            var with = candidates.Count == 0 ? RiskLevel.None : candidates.Max();
            if (candidates.Count > 0 && rule.Raise > 0)
            {
                level = Max(level, Min(rule.RaiseMax, (RiskLevel)Math.Min((int)with + rule.Raise, (int)RiskLevel.Acute)));
            }

            if (level > RiskLevel.None)
            {
                signals.Add((new RiskSignal(rule.Id, "emoji", level, evidence), message.Start[first]));
            }
        }
    }

    private static RiskLevel Min(RiskLevel a, RiskLevel b) => a < b ? a : b;

    private static RiskLevel Max(RiskLevel a, RiskLevel b) => a > b ? a : b;

    private sealed record Found(Match Match, RiskLevel Level, bool Modified);
}
