using System.Collections.Frozen;

namespace Dialogue.Language;

/// <summary>Ordinal words 1–31 ("første", "andre", "tjuende", "trettiførste") for choices and dates.</summary>
internal static class OrdinalWords
{
    private static readonly (int Value, string[] Words)[] Units =
    [
        (1, ["første", "fyrste", "først"]),
        (2, ["andre", "annen", "anna", "annet"]),
        (3, ["tredje"]),
        (4, ["fjerde"]),
        (5, ["femte"]),
        (6, ["sjette"]),
        (7, ["sjuende", "syvende"]),
        (8, ["åttende"]),
        (9, ["niende"]),
    ];

    private static readonly (int Value, string[] Words)[] Others =
    [
        (10, ["tiende"]),
        (11, ["ellevte"]),
        (12, ["tolvte"]),
        (13, ["trettende"]),
        (14, ["fjortende"]),
        (15, ["femtende"]),
        (16, ["sekstende"]),
        (17, ["syttende"]),
        (18, ["attende"]),
        (19, ["nittende"]),
        (20, ["tjuende", "tyvende"]),
        (30, ["trettiende", "tredevte"]),
    ];

    public static FrozenDictionary<string, int> All { get; } = Build();

    public static bool TryParse(string word, out int value) =>
        All.TryGetValue(word, out value) || All.TryGetValue(Folding.Fold(word), out value);

    private static FrozenDictionary<string, int> Build()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string word, int value)
        {
            map.TryAdd(word, value);
            map.TryAdd(Folding.Fold(word), value);
        }

        foreach (var (value, words) in Units.Concat(Others))
        {
            foreach (var word in words)
            {
                Add(word, value);
            }
        }

        // "tjueførste" … "tjueniende", "trettiførste".
        foreach (var (tensWord, tens) in new[] { ("tjue", 20), ("tyve", 20), ("tretti", 30) })
        {
            foreach (var (value, words) in Units)
            {
                if (tens + value <= 31)
                {
                    foreach (var word in words)
                    {
                        Add(tensWord + word, tens + value);
                    }
                }
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
