using System.Text;
using System.Text.Json;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;

namespace Dialogue.Bench.Host;

/// <summary>
/// The bench's dialog: the same three questions as the JS reference bot (<c>tests/bench/js/bot.js</c>) as a Dialogue
/// waterfall of text prompts, ending with a summary. Its texts are bench fixtures (<c>BenchTexts.nb.json</c>, embedded
/// in this project), not user-facing catalog texts, so they are not held to the catalog's plain-language tests.
/// </summary>
public static class BenchDialog
{
    public const string Id = "bench";
    public const string PromptId = "bench.text";

    public static readonly TextId Name = new("bench.name");
    public static readonly TextId What = new("bench.what");
    public static readonly TextId When = new("bench.when");
    public static readonly TextId Summary = new("bench.summary");

    public static IReadOnlyList<Dialog> Dialogs() =>
    [
        new TextPrompt(PromptId),
        new WaterfallDialog(Id,
        [
            (step, ct) => step.PromptAsync(PromptId, new PromptOptions { Prompt = Name }, ct),
            (step, ct) =>
            {
                step.Keep("name");
                return step.PromptAsync(PromptId, new PromptOptions { Prompt = What }, ct);
            },
            (step, ct) =>
            {
                step.Keep("what");
                return step.PromptAsync(PromptId, new PromptOptions { Prompt = When }, ct);
            },
            (step, ct) =>
            {
                step.Turn.SendText(Summary, new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["name"] = step.ValueAs<string>("name") ?? string.Empty,
                    ["what"] = step.ValueAs<string>("what") ?? string.Empty,
                    ["when"] = step.ResultAs<string>() ?? string.Empty,
                });
                return step.EndAsync(null, ct);
            },
        ]),
    ];

    /// <summary>The bot's own catalog plus the bench fixtures (the turn renders every text from one catalog).</summary>
    public static TextCatalog Catalog()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var entry in TextCatalog.Bokmal.Entries)
            {
                WriteEntry(writer, entry);
            }

            using var fixtures = typeof(BenchDialog).Assembly.GetManifestResourceStream("Dialogue.Bench.Host.BenchTexts.nb.json")
                ?? throw new InvalidOperationException("The bench texts are not embedded.");
            foreach (var entry in TextCatalog.Load("nb", fixtures).Entries)
            {
                WriteEntry(writer, entry);
            }

            writer.WriteEndObject();
        }

        buffer.Position = 0;
        return TextCatalog.Load("nb", buffer);
    }

    private static void WriteEntry(Utf8JsonWriter writer, CatalogEntry entry)
    {
        writer.WritePropertyName(entry.Id.Value);
        writer.WriteStartObject();
        writer.WriteString("text", entry.Text);
        writer.WritePropertyName("samples");
        writer.WriteStartObject();
        foreach (var (name, value) in entry.Samples)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
