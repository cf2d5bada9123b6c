using System.Collections.Frozen;
using System.Text.Json;
using Dialogue.Language;

namespace Dialogue.Cases.Sms;

/// <summary>One hit of the sensitive-word list: its category (substance, health, suicide, debt, justice) and the listed entry.</summary>
public sealed record SensitiveMatch(string Category, string Entry);

/// <summary>
/// Words that must never be in the first SMS of a contact the bot starts: a phone's lock screen shows it to whoever
/// holds the phone. The list is data (<c>Sms/sensitive-words.json</c>, embedded): per category, entries that are a
/// word ("dop"), a word start ("rusbehandl*") or several words in a row ("ta livet"). Text and entries are compared
/// after <see cref="NorwegianNormalizer"/>, so dialect, missing æøå and capitals do not hide a word.
/// </summary>
public sealed class SensitiveWords
{
    private readonly FrozenDictionary<string, string> _words;
    private readonly (string Stem, string Category, string Entry)[] _stems;
    private readonly (string[] Words, bool LastIsStem, string Category, string Entry)[] _phrases;

    private SensitiveWords(IEnumerable<(string Category, string Entry)> entries)
    {
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        var stems = new List<(string, string, string)>();
        var phrases = new List<(string[], bool, string, string)>();
        foreach (var (category, entry) in entries)
        {
            var stem = entry.EndsWith('*');
            var tokens = NorwegianNormalizer.Tokens(entry.TrimEnd('*')).ToArray();
            if (tokens.Length == 0)
            {
                throw new InvalidDataException($"Sensitive-word entry '{entry}' has no words.");
            }

            if (tokens.Length > 1)
            {
                phrases.Add((tokens, stem, category, entry));
            }
            else if (stem)
            {
                stems.Add((tokens[0], category, entry));

                // The normalizer maps whole words ("sjukehus" -> "sykehus"), not their inflections ("sjukehuset"), so a
                // word start is also kept as written.
                var written = entry.TrimEnd('*').ToLowerInvariant();
                if (written != tokens[0])
                {
                    stems.Add((written, category, entry));
                }
            }
            else
            {
                words.TryAdd(tokens[0], category);
            }
        }

        _words = words.ToFrozenDictionary(StringComparer.Ordinal);
        _stems = [.. stems];
        _phrases = [.. phrases];
    }

    /// <summary>The list shipped with the bot.</summary>
    public static SensitiveWords Default { get; } = LoadEmbedded();

    public static SensitiveWords Load(Stream json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var entries = new List<(string, string)>();
        foreach (var category in doc.RootElement.GetProperty("categories").EnumerateObject())
        {
            foreach (var entry in category.Value.EnumerateArray())
            {
                entries.Add((category.Name, entry.GetString() ?? throw new InvalidDataException("A sensitive-word entry is null.")));
            }
        }

        return new SensitiveWords(entries);
    }

    /// <summary>Every listed word the text contains; empty when the text is safe to show on a lock screen.</summary>
    public IReadOnlyList<SensitiveMatch> Find(string? text)
    {
        var tokens = NorwegianNormalizer.Tokens(text);
        var found = new List<SensitiveMatch>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (_words.TryGetValue(token, out var category))
            {
                found.Add(new SensitiveMatch(category, token));
            }

            foreach (var (stem, stemCategory, entry) in _stems)
            {
                if (token.StartsWith(stem, StringComparison.Ordinal))
                {
                    found.Add(new SensitiveMatch(stemCategory, entry));
                }
            }

            foreach (var (words, lastIsStem, phraseCategory, entry) in _phrases)
            {
                if (PhraseAt(tokens, i, words, lastIsStem))
                {
                    found.Add(new SensitiveMatch(phraseCategory, entry));
                }
            }
        }

        return found.Distinct().ToList();
    }

    private static bool PhraseAt(IReadOnlyList<string> tokens, int start, string[] words, bool lastIsStem)
    {
        if (start + words.Length > tokens.Count)
        {
            return false;
        }

        for (var k = 0; k < words.Length; k++)
        {
            var token = tokens[start + k];
            var last = k == words.Length - 1;
            if (!(last && lastIsStem ? token.StartsWith(words[k], StringComparison.Ordinal) : token == words[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static SensitiveWords LoadEmbedded()
    {
        using var stream = typeof(SensitiveWords).Assembly.GetManifestResourceStream("Dialogue.Cases.Sms.sensitive-words.json")
            ?? throw new InvalidOperationException("The embedded sensitive-word list is missing.");
        return Load(stream);
    }
}

/// <summary>A proactive SMS would open with words a stranger holding the phone must not see.</summary>
public sealed class SensitiveOpenerException(IReadOnlyList<SensitiveMatch> matches)
    : InvalidOperationException(
        "The first SMS of a contact the bot starts may not contain sensitive words (it shows on the lock screen): "
        + string.Join(", ", matches.Select(m => $"{m.Entry} ({m.Category})")) + ".")
{
    public IReadOnlyList<SensitiveMatch> Matches { get; } = matches;
}
