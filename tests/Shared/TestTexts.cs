using System.Text;
using System.Text.Json.Nodes;
using Dialogue.Language.Catalog;

namespace Dialogue.Tests.Shared;

/// <summary>The bot's bokmål catalog plus a few texts only the tests use (questions and choice labels for probes).</summary>
public static class TestTexts
{
    public static readonly IReadOnlyDictionary<string, string> Extra = new Dictionary<string, string>
    {
        ["test.question"] = "Hva svarer du?",
        ["test.mood"] = "Hvordan har du det i dag?",
        ["test.good"] = "Bra",
        ["test.so_so"] = "Sånn passe",
        ["test.bad"] = "Dårlig",
        ["test.out_of_range"] = "Skriv et tall fra 1 til 5.",
    };

    public static TextCatalog Catalog { get; } = Build();

    private static TextCatalog Build()
    {
        using var stream = typeof(TextCatalog).Assembly.GetManifestResourceStream("Dialogue.Language.Catalog.nb.json")!;
        var json = (JsonObject)JsonNode.Parse(stream)!;
        foreach (var (id, text) in Extra)
        {
            json[id] = text;
        }

        using var merged = new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString()));
        return TextCatalog.Load("nb", merged);
    }
}
