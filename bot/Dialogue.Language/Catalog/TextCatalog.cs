using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dialogue.Language.Catalog;

/// <summary>One catalog text: what the bot says, with <c>{placeholders}</c>, and realistic sample values for them.</summary>
public sealed record CatalogEntry(TextId Id, string Text, IReadOnlyDictionary<string, string> Samples)
{
    public IReadOnlyList<string> Placeholders { get; } = TextCatalog.PlaceholdersOf(Text);
}

/// <summary>
/// Every text the bot says, by id, for one language. Loaded from <c>Catalog/{lang}.json</c> and
/// <c>Catalog/{lang}.{part}.json</c> (embedded):
/// <c>{"id": "text"}</c> or <c>{"id": {"text": "...", "samples": {"name": "Kari"}}}</c>.
/// </summary>
public sealed partial class TextCatalog
{
    private readonly FrozenDictionary<string, CatalogEntry> _entries;

    private TextCatalog(string language, IEnumerable<CatalogEntry> entries)
    {
        Language = language;
        _entries = entries.ToFrozenDictionary(e => e.Id.Value, StringComparer.Ordinal);
    }

    public string Language { get; }

    public IEnumerable<CatalogEntry> Entries => _entries.Values.OrderBy(e => e.Id.Value, StringComparer.Ordinal);

    public bool Contains(TextId id) => _entries.ContainsKey(id.Value);

    public CatalogEntry this[TextId id] =>
        _entries.TryGetValue(id.Value, out var entry)
            ? entry
            : throw new KeyNotFoundException($"The text catalog '{Language}' has no text '{id}'.");

    /// <summary>Renders a text with its placeholders filled. Every placeholder must be given a value.</summary>
    public string Render(TextId id, IReadOnlyDictionary<string, string>? args = null)
    {
        var entry = this[id];
        if (entry.Placeholders.Count == 0)
        {
            return entry.Text;
        }

        return PlaceholderPattern().Replace(entry.Text, m =>
        {
            var name = m.Groups[1].Value;
            return args is not null && args.TryGetValue(name, out var value)
                ? value
                : throw new ArgumentException($"Text '{id}' needs a value for '{{{name}}}'.", nameof(args));
        });
    }

    /// <summary>Renders a text with its documented sample values, as the <c>texts</c> command shows it.</summary>
    public string RenderSample(TextId id) => Render(id, this[id].Samples);

    /// <summary>The bokmål catalog shipped with the bot.</summary>
    public static TextCatalog Bokmal { get; } = LoadEmbedded("nb");

    /// <summary>
    /// Loads <c>Catalog/{language}.json</c> and any <c>Catalog/{language}.{part}.json</c> beside it (one file per
    /// feature area, e.g. <c>nb.sms.json</c>). A text id may appear in only one of them.
    /// </summary>
    public static TextCatalog LoadEmbedded(string language) =>
        LoadEmbedded(typeof(TextCatalog).Assembly, "Dialogue.Language.Catalog", language);

    /// <summary>
    /// Loads the resources <c>{resourcePrefix}.{language}.json</c> and <c>{resourcePrefix}.{language}.{part}.json</c>
    /// embedded in <paramref name="assembly"/> as one catalog. A text id may appear in only one of them.
    /// </summary>
    public static TextCatalog LoadEmbedded(System.Reflection.Assembly assembly, string resourcePrefix, string language)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var prefix = $"{resourcePrefix}.{language}.";
        var names = assembly.GetManifestResourceNames()
            .Where(n => n == $"{prefix}json" || (n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException($"No embedded text catalog '{resourcePrefix}' for language '{language}'.");
        }

        var entries = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            foreach (var entry in Load(language, stream).Entries)
            {
                if (!entries.TryAdd(entry.Id.Value, entry))
                {
                    throw new InvalidDataException($"Text '{entry.Id}' is in more than one '{language}' catalog file (again in {name}).");
                }
            }
        }

        return new TextCatalog(language, entries.Values);
    }

    public static TextCatalog Load(string language, Stream json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var entries = new List<CatalogEntry>();
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            var samples = new Dictionary<string, string>(StringComparer.Ordinal);
            string text;
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                text = property.Value.GetString()!;
            }
            else
            {
                text = property.Value.GetProperty("text").GetString()
                    ?? throw new InvalidDataException($"Text '{property.Name}' has no text.");
                if (property.Value.TryGetProperty("samples", out var s))
                {
                    foreach (var sample in s.EnumerateObject())
                    {
                        samples[sample.Name] = sample.Value.GetString() ?? string.Empty;
                    }
                }
            }

            var entry = new CatalogEntry(new TextId(property.Name), text, samples);
            var missing = entry.Placeholders.Where(p => !samples.ContainsKey(p)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException(
                    $"Text '{property.Name}' in catalog '{language}' has no sample value for: {string.Join(", ", missing)}.");
            }

            entries.Add(entry);
        }

        return new TextCatalog(language, entries);
    }

    internal static IReadOnlyList<string> PlaceholdersOf(string text) =>
        PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\{([a-zA-Z][a-zA-Z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
