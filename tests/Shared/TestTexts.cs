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

        // A small two-question conversation for engine tests; {name} is filled with "Kari" as the sample.
        ["test.greeting"] = "Hei! Jeg er NAV sin chatbot, ikke et menneske.",
        ["test.ask_name"] = "Hva vil du at jeg skal kalle deg?",
        ["test.ask_plans"] = "Takk, {name}. Har du noe du vil gjøre denne uka?",
        ["test.closing"] = "Takk for praten, {name}. Skriv hei hvis du vil begynne på nytt.",
    };

    public static TextCatalog Catalog { get; } = Build();

    private static TextCatalog Build()
    {
        using var stream = typeof(TextCatalog).Assembly.GetManifestResourceStream("Dialogue.Language.Catalog.nb.json")!;
        var json = (JsonObject)JsonNode.Parse(stream)!;
        foreach (var (id, text) in Extra)
        {
            json[id] = text.Contains("{name}", StringComparison.Ordinal)
                ? new JsonObject { ["text"] = text, ["samples"] = new JsonObject { ["name"] = "Kari" } }
                : text;
        }

        using var merged = new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString()));
        return TextCatalog.Load("nb", merged);
    }
}
