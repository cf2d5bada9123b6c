namespace Dialogue.Safety.Screening;

/// <summary>
/// One reviewed lexicon entry: a stable <see cref="Id"/>, what it is about (<see cref="Category"/>), the level it points
/// to, and the phrase patterns that find it (see <c>LEXICON.md</c> for the pattern syntax).
/// </summary>
/// <param name="Id">Stable id such as <c>suicide.intent</c>; shown as <see cref="RiskSignal.Id"/>.</param>
/// <param name="Category">Broad area such as <c>suicide</c>, <c>relapse</c>, <c>housing</c>.</param>
/// <param name="Level">
/// The level a plain match points to. <see cref="RiskLevel.None"/> makes the entry a marker: it gives no signal of its
/// own, but combinations and emoji rules can use it ("ha det" alone is a goodbye; with "alt er ordna" it is a farewell).
/// </param>
/// <param name="Patterns">Token patterns, any of which finds the entry.</param>
public sealed record LexiconEntry(string Id, string Category, RiskLevel Level, IReadOnlyList<string> Patterns)
{
    /// <summary>The level when a negator governs the match ("har ikke tenkt å …"); null when negation is ignored.</summary>
    public RiskLevel? IfNegated { get; init; }

    /// <summary>The level when the match is told as history ("for fem år siden"); null when time is ignored.</summary>
    public RiskLevel? IfPast { get; init; }

    /// <summary>The level when someone else is the subject ("broren min …"); null when the subject is ignored.</summary>
    public RiskLevel? IfOthers { get; init; }

    /// <summary>Whether long words (8+ letters) may match with one typo.</summary>
    public bool Fuzzy { get; init; } = true;

    /// <summary>A note for reviewers; never used by the screener.</summary>
    public string? Note { get; init; }
}

/// <summary>Where a protective phrase cancels risk matches.</summary>
public enum ProtectiveScope
{
    /// <summary>Only risk matches that overlap the protective phrase and are not longer than it.</summary>
    Overlap,

    /// <summary>Every risk match (of the listed entries) in the same sentence.</summary>
    Sentence,
}

/// <summary>
/// An idiom or protective phrase ("døde av latter", "sliten etter jobb", "edru") that cancels risk matches: those it
/// overlaps, or with <see cref="ProtectiveScope.Sentence"/> those in its sentence; <see cref="Cancels"/> can limit it to
/// some entries (ids, or id prefixes ending in <c>.*</c>). Emoji rules it names there are cancelled in its sentence
/// ("gråt av glede 😭").
/// </summary>
public sealed record ProtectiveEntry(string Id, IReadOnlyList<string> Patterns)
{
    /// <summary>Entry ids (or prefixes such as <c>relapse.*</c>) and emoji rule ids it cancels; empty = every entry.</summary>
    public IReadOnlyList<string> Cancels { get; init; } = [];

    public ProtectiveScope Scope { get; init; } = ProtectiveScope.Overlap;

    public string? Note { get; init; }
}

/// <summary>
/// An emoji signal. Present <see cref="MinCount"/> times, it alone gives <see cref="Level"/> (None = no signal alone);
/// with other signals (of <see cref="WithCategories"/>, or any when empty) it raises their highest level by
/// <see cref="Raise"/>, to at most <see cref="RaiseMax"/>.
/// </summary>
public sealed record EmojiRule(string Id, IReadOnlyList<string> Emoji)
{
    public int MinCount { get; init; } = 1;

    public RiskLevel Level { get; init; }

    public int Raise { get; init; }

    public RiskLevel RaiseMax { get; init; } = RiskLevel.High;

    public IReadOnlyList<string> WithCategories { get; init; } = [];

    public string? Note { get; init; }
}

/// <summary>
/// Signals that together mean more than each alone: when every item of <see cref="All"/> (an entry id, an id prefix
/// ending in <c>.*</c>, or <c>category:name</c>) is found unmodified (not negated, not past, not about others), the
/// message gets <see cref="Level"/>.
/// </summary>
public sealed record CombinationRule(string Id, string Category, RiskLevel Level, IReadOnlyList<string> All)
{
    public string? Note { get; init; }
}
