using System.Collections.Frozen;
using System.Text.Json;
using Dialogue.Safety.Screening.Matching;

namespace Dialogue.Safety.Screening;

/// <summary>
/// The reviewed risk lexicon: entries with phrase patterns, protective phrases and idioms, negators, time markers, emoji
/// signals and combinations, loaded from JSON (embedded <c>Screening/risk-lexicon.json</c>, format in
/// <c>Screening/LEXICON.md</c>) and compiled once. Immutable and safe to share between threads.
/// </summary>
public sealed class RiskLexicon
{
    /// <summary>The manifest name of the lexicon shipped with the screener.</summary>
    public const string EmbeddedResourceName = "Dialogue.Safety.Screening.risk-lexicon.json";

    /// <summary>Ids the screener itself gives signals; the lexicon may not use them.</summary>
    public static readonly IReadOnlyList<string> ReservedIds = [LexiconScreener.RepeatedModerateId, SafetyScreener.SentimentId];

    private static readonly Lazy<RiskLexicon> EmbeddedLexicon = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private RiskLexicon(string version, IReadOnlyList<LexiconEntry> entries, IReadOnlyList<ProtectiveEntry> protective,
        IReadOnlyList<EmojiRule> emoji, IReadOnlyList<CombinationRule> combinations, CompiledLexicon compiled)
    {
        Version = version;
        Entries = entries;
        Protective = protective;
        EmojiRules = emoji;
        Combinations = combinations;
        Compiled = compiled;
    }

    /// <summary>The lexicon's <c>version</c>, recorded with every decision.</summary>
    public string Version { get; }

    public IReadOnlyList<LexiconEntry> Entries { get; }

    public IReadOnlyList<ProtectiveEntry> Protective { get; }

    public IReadOnlyList<EmojiRule> EmojiRules { get; }

    public IReadOnlyList<CombinationRule> Combinations { get; }

    internal CompiledLexicon Compiled { get; }

    /// <summary>The lexicon embedded in this assembly, loaded and compiled on first use.</summary>
    public static RiskLexicon Embedded => EmbeddedLexicon.Value;

    /// <summary>Loads and compiles a lexicon; throws <see cref="InvalidDataException"/> naming the first problem.</summary>
    public static RiskLexicon Load(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        LexiconFile? file;
        try
        {
            file = JsonSerializer.Deserialize<LexiconFile>(json, LexiconFile.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The risk lexicon is not valid JSON in the expected shape: {ex.Message}", ex);
        }

        return Build(file ?? throw new InvalidDataException("The risk lexicon is empty."));
    }

    private static RiskLexicon LoadEmbedded()
    {
        using var stream = typeof(RiskLexicon).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The embedded risk lexicon '{EmbeddedResourceName}' is missing.");
        return Load(stream);
    }

    private static RiskLexicon Build(LexiconFile file)
    {
        if (string.IsNullOrWhiteSpace(file.Version))
        {
            throw new InvalidDataException("The risk lexicon has no \"version\".");
        }

        if (file.Entries.Count == 0)
        {
            throw new InvalidDataException("The risk lexicon has no \"entries\".");
        }

        var ids = new HashSet<string>(ReservedIds, StringComparer.Ordinal);
        string Id(string? id, string section)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new InvalidDataException($"An item under \"{section}\" has no \"id\".");
            }

            if (!ids.Add(id))
            {
                throw new InvalidDataException($"The id \"{id}\" is used twice (or is reserved: {string.Join(", ", ReservedIds)}).");
            }

            return id;
        }

        var entries = file.Entries.Select(e =>
        {
            var id = Id(e.Id, "entries");
            var level = Level(e.Level, id, "level");
            if (string.IsNullOrWhiteSpace(e.Category))
            {
                throw new InvalidDataException($"Entry \"{id}\" has no \"category\".");
            }

            if (e.Patterns.Count == 0)
            {
                throw new InvalidDataException($"Entry \"{id}\" has no \"patterns\".");
            }

            var defaultNegated = level >= RiskLevel.High ? RiskLevel.Moderate : RiskLevel.None;
            return new LexiconEntry(id, e.Category, level, e.Patterns)
            {
                IfNegated = e.IfNegated is null ? defaultNegated : Modifier(e.IfNegated, id, "ifNegated", level),
                IfPast = e.IfPast is null ? null : Modifier(e.IfPast, id, "ifPast", level),
                IfOthers = e.IfOthers is null ? null : Modifier(e.IfOthers, id, "ifOthers", level),
                Fuzzy = e.Fuzzy ?? true,
                Note = e.Note,
            };
        }).ToList();

        var protective = file.Protective.Select(p =>
        {
            var id = Id(p.Id, "protective");
            if (p.Patterns.Count == 0)
            {
                throw new InvalidDataException($"Protective item \"{id}\" has no \"patterns\".");
            }

            var scope = p.Scope?.ToUpperInvariant() switch
            {
                null or "OVERLAP" => ProtectiveScope.Overlap,
                "SENTENCE" => ProtectiveScope.Sentence,
                _ => throw new InvalidDataException($"Protective item \"{id}\" has scope \"{p.Scope}\"; use overlap or sentence."),
            };
            return new ProtectiveEntry(id, p.Patterns) { Cancels = p.Cancels, Scope = scope, Note = p.Note };
        }).ToList();

        var categories = entries.Select(e => e.Category).ToHashSet(StringComparer.Ordinal);
        var emoji = file.Emoji.Select(r =>
        {
            var id = Id(r.Id, "emoji");
            if (r.Emoji.Count == 0)
            {
                throw new InvalidDataException($"Emoji rule \"{id}\" lists no \"emoji\".");
            }

            foreach (var category in r.WithCategories.Where(c => !categories.Contains(c)))
            {
                throw new InvalidDataException($"Emoji rule \"{id}\" names the category \"{category}\", which no entry has.");
            }

            return new EmojiRule(id, r.Emoji)
            {
                MinCount = r.MinCount is null or < 1 ? 1 : r.MinCount.Value,
                Level = r.Level is null ? RiskLevel.None : Level(r.Level, id, "level"),
                Raise = Math.Clamp(r.Raise ?? 0, 0, 3),
                RaiseMax = r.RaiseMax is null ? RiskLevel.High : Level(r.RaiseMax, id, "raiseMax"),
                WithCategories = r.WithCategories,
                Note = r.Note,
            };
        }).ToList();

        var combinations = file.Combinations.Select(c =>
        {
            var id = Id(c.Id, "combinations");
            if (c.All.Count < 2)
            {
                throw new InvalidDataException($"Combination \"{id}\" needs at least two items under \"all\".");
            }

            return new CombinationRule(id, c.Category ?? "combination", Level(c.Level, id, "level"), c.All) { Note = c.Note };
        }).ToList();

        var compiled = CompiledLexicon.Compile(file, entries, protective, emoji, combinations);
        return new RiskLexicon(file.Version, entries, protective, emoji, combinations, compiled);
    }

    private static RiskLevel Level(string? value, string id, string field) => value?.ToUpperInvariant() switch
    {
        "NONE" => RiskLevel.None,
        "MODERATE" => RiskLevel.Moderate,
        "HIGH" => RiskLevel.High,
        "ACUTE" => RiskLevel.Acute,
        _ => throw new InvalidDataException($"\"{id}\" has {field} \"{value}\"; use none, moderate, high or acute."),
    };

    private static RiskLevel? Modifier(string value, string id, string field, RiskLevel level)
    {
        if (value.Equals("keep", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var modified = Level(value, id, field);
        return modified <= level
            ? modified
            : throw new InvalidDataException($"\"{id}\" has {field} \"{value}\", above its level {level}; modifiers only lower.");
    }
}

/// <summary>The compiled form of a <see cref="RiskLexicon"/>: terms, pattern sets and the word lists the rules use.</summary>
internal sealed class CompiledLexicon
{
    public required TermTable Terms { get; init; }

    public required FrozenDictionary<string, string> Spellings { get; init; }

    public required int[] ClauseWords { get; init; }

    public required PatternSet Risk { get; init; }

    public required PatternSet Protective { get; init; }

    /// <summary>Per protective item: which entries it cancels (null = all).</summary>
    public required bool[]?[] ProtectiveCancels { get; init; }

    /// <summary>Per protective item: which emoji rules it cancels in its sentence (none unless named).</summary>
    public required bool[][] ProtectiveCancelsEmoji { get; init; }

    public required PatternSet Past { get; init; }

    public required PatternSet Recent { get; init; }

    public required int[] Negators { get; init; }

    public required int[] ScopeWords { get; init; }

    public required int NegationWindow { get; init; }

    public required int[] Subjects { get; init; }

    public required int[] FirstPerson { get; init; }

    public required int OthersWindow { get; init; }

    /// <summary>Per emoji rule: the terms of its emoji.</summary>
    public required int[][] EmojiTerms { get; init; }

    /// <summary>Per combination: per item, which entries satisfy it.</summary>
    public required bool[][][] CombinationItems { get; init; }

    public static CompiledLexicon Compile(LexiconFile file, List<LexiconEntry> entries, List<ProtectiveEntry> protective,
        List<EmojiRule> emoji, List<CombinationRule> combinations)
    {
        var terms = new TermTable.Builder(DateTime.UtcNow.Year - 1);
        var spellings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (canonical, forms) in file.Spellings)
        {
            foreach (var form in forms)
            {
                if (!spellings.TryAdd(MatchText.Fold(form.ToLowerInvariant()), MatchText.Fold(canonical.ToLowerInvariant())))
                {
                    throw new InvalidDataException($"The spelling \"{form}\" is listed twice under \"spellings\".");
                }
            }
        }

        var frozenSpellings = spellings.ToFrozenDictionary(StringComparer.Ordinal);
        var sets = file.Sets.ToDictionary(s => s.Key, s => (IReadOnlyList<string>)s.Value, StringComparer.Ordinal);
        var compiler = new PatternCompiler(terms, sets, frozenSpellings);

        int[] Words(List<string> words, string section) =>
            words.Count == 0 ? [] : compiler.Terms(section, string.Join('|', words), fuzzy: false);

        var negators = Words(file.Negation.Negators, "negation.negators");
        var risk = entries.SelectMany((e, index) => e.Patterns.Select(p => compiler.Compile(index, p, e.Fuzzy))).ToList();
        var safe = protective.SelectMany((p, index) => p.Patterns.Select(s => compiler.Compile(index, s, fuzzy: false))).ToList();
        var past = file.Time.Past.Select((p, index) => compiler.Compile(index, p, fuzzy: false)).ToList();
        var recent = file.Time.Recent.Select((p, index) => compiler.Compile(index, p, fuzzy: false)).ToList();

        // A protective item's "cancels" may name entries and emoji rules; each selector must select something.
        var emojiIds = emoji.Select(r => r.Id).ToList();
        bool NamesEmoji(string selector) => emojiIds.Exists(id => Selects(selector, id));
        var cancels = protective
            .Select(p => p.Cancels.Count == 0 ? null : Select(entries, p.Cancels.Where(c => !NamesEmoji(c)), $"protective item \"{p.Id}\""))
            .ToArray();
        var cancelsEmoji = protective
            .Select(p => emoji.Select(r => p.Cancels.Any(c => Selects(c, r.Id))).ToArray())
            .ToArray();
        var emojiTerms = emoji.Select(r => compiler.Terms($"emoji rule \"{r.Id}\"", string.Join('|', r.Emoji), fuzzy: false)).ToArray();
        var combinationItems = combinations
            .Select(c => c.All.Select(item => Select(entries, [item], $"combination \"{c.Id}\"")).ToArray())
            .ToArray();

        var clauseWords = Words(file.ClauseWords, "clauseWords");
        var scopeWords = Words(file.Negation.ScopeWords, "negation.scopeWords");
        var subjects = Words(file.Others.Subjects, "others.subjects");
        var firstPerson = Words(file.Others.FirstPerson, "others.firstPerson");

        // Every pattern and word list has interned its terms above; only now is the term table frozen.
        return new CompiledLexicon
        {
            Terms = terms.Build(),
            Spellings = frozenSpellings,
            ClauseWords = clauseWords,
            Negators = negators,
            ScopeWords = scopeWords,
            NegationWindow = Math.Clamp(file.Negation.Window, 1, 8),
            Subjects = subjects,
            FirstPerson = firstPerson,
            OthersWindow = Math.Clamp(file.Others.Window, 1, 10),
            ProtectiveCancels = cancels,
            ProtectiveCancelsEmoji = cancelsEmoji,
            EmojiTerms = emojiTerms,
            CombinationItems = combinationItems,
            Risk = new PatternSet(risk, negators),
            Protective = new PatternSet(safe, negators),
            Past = new PatternSet(past, negators),
            Recent = new PatternSet(recent, negators),
        };
    }

    /// <summary>Which entries an id, an id prefix ("relapse.*") or "category:name" selects; at least one must match.</summary>
    private static bool[] Select(List<LexiconEntry> entries, IEnumerable<string> selectors, string owner)
    {
        var selected = new bool[entries.Count];
        foreach (var selector in selectors)
        {
            var any = false;
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var hit = selector.StartsWith("category:", StringComparison.Ordinal)
                    ? entry.Category == selector["category:".Length..]
                    : Selects(selector, entry.Id);
                if (hit)
                {
                    selected[i] = true;
                    any = true;
                }
            }

            if (!any)
            {
                throw new InvalidDataException($"The {owner} names \"{selector}\", which selects no entry.");
            }
        }

        return selected;
    }

    /// <summary>True when <paramref name="selector"/> is <paramref name="id"/> or an id prefix ending in <c>.*</c> that it starts with.</summary>
    private static bool Selects(string selector, string id) =>
        selector.EndsWith(".*", StringComparison.Ordinal)
            ? id.StartsWith(selector[..^1], StringComparison.Ordinal)
            : id == selector;
}
