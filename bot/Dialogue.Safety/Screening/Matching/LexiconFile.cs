using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dialogue.Safety.Screening.Matching;

/// <summary>The JSON shape of <c>risk-lexicon.json</c>, read strictly: an unknown field is an error, so typos surface.</summary>
internal sealed class LexiconFile
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string? Version { get; set; }

    public string? Description { get; set; }

    public Dictionary<string, List<string>> Spellings { get; set; } = [];

    public Dictionary<string, List<string>> Sets { get; set; } = [];

    public NegationSection Negation { get; set; } = new();

    public TimeSection Time { get; set; } = new();

    public OthersSection Others { get; set; } = new();

    public List<string> ClauseWords { get; set; } = [];

    public List<ProtectiveItem> Protective { get; set; } = [];

    public List<EntryItem> Entries { get; set; } = [];

    public List<EmojiItem> Emoji { get; set; } = [];

    public List<CombinationItem> Combinations { get; set; } = [];

    internal sealed class NegationSection
    {
        public string? Note { get; set; }

        public List<string> Negators { get; set; } = [];

        public List<string> ScopeWords { get; set; } = [];

        public int Window { get; set; } = 4;
    }

    internal sealed class TimeSection
    {
        public string? Note { get; set; }

        public List<string> Past { get; set; } = [];

        public List<string> Recent { get; set; } = [];
    }

    internal sealed class OthersSection
    {
        public string? Note { get; set; }

        public List<string> Subjects { get; set; } = [];

        public List<string> FirstPerson { get; set; } = [];

        public int Window { get; set; } = 6;
    }

    internal sealed class ProtectiveItem
    {
        public string? Id { get; set; }

        public List<string> Patterns { get; set; } = [];

        public List<string> Cancels { get; set; } = [];

        public string? Scope { get; set; }

        public string? Note { get; set; }
    }

    internal sealed class EntryItem
    {
        public string? Id { get; set; }

        public string? Category { get; set; }

        public string? Level { get; set; }

        public List<string> Patterns { get; set; } = [];

        public string? IfNegated { get; set; }

        public string? IfPast { get; set; }

        public string? IfOthers { get; set; }

        public bool? Fuzzy { get; set; }

        public string? Note { get; set; }
    }

    internal sealed class EmojiItem
    {
        public string? Id { get; set; }

        public List<string> Emoji { get; set; } = [];

        public int? MinCount { get; set; }

        public string? Level { get; set; }

        public int? Raise { get; set; }

        public string? RaiseMax { get; set; }

        public List<string> WithCategories { get; set; } = [];

        public string? Note { get; set; }
    }

    internal sealed class CombinationItem
    {
        public string? Id { get; set; }

        public string? Category { get; set; }

        public string? Level { get; set; }

        public List<string> All { get; set; } = [];

        public string? Note { get; set; }
    }
}
