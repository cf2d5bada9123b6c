using System.Globalization;
using System.Text;
using Dialogue.Safety.Screening;

namespace Dialogue.Bot.Cli;

/// <summary>
/// <c>classify</c>: screens each line of standard input alone (no conversation context) with the embedded risk lexicon
/// and writes one JSON object per line, in the same order:
/// <c>{"text": "...", "level": "acute|high|moderate|none", "signals": ["id: evidence", ...]}</c>. An empty line is
/// <c>none</c> with no signals. Local only: the remote sentiment signal is never asked.
/// </summary>
/// <remarks>
/// The JSON is written here rather than by System.Text.Json, whose encoders escape every character outside the basic
/// plane: emoji must print as-is (like æøå in <c>texts</c>), so only quotes, backslashes and control characters are
/// escaped (half a surrogate pair becomes U+FFFD).
/// </remarks>
internal static class ClassifyCommand
{
    private const string Usage = "Usage: classify < messages.txt (one message per line, UTF-8)";

    private static readonly Lazy<LexiconScreener> Screener = new(() => new LexiconScreener());

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length > 0)
        {
            error.WriteLine($"classify: unexpected '{args[0]}'. {Usage}");
            return 2;
        }

        var screener = Screener.Value;
        while (!cancellationToken.IsCancellationRequested && input.ReadLine() is { } line)
        {
            var assessment = screener.Screen(line, ScreeningContext.None);
            output.WriteLine(ToJson(line, assessment));

            // A caller may feed lines one at a time and wait for each answer.
            output.Flush();
        }

        return cancellationToken.IsCancellationRequested ? 130 : 0;
    }

    /// <summary><c>{"text": "...", "level": "...", "signals": ["id: evidence", ...]}</c>.</summary>
    public static string ToJson(string text, RiskAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var json = new StringBuilder(text.Length + 64);
        json.Append("{\"text\": ");
        AppendString(json, text);
        json.Append(", \"level\": ");
        AppendString(json, assessment.Level.ToString().ToLowerInvariant());
        json.Append(", \"signals\": [");
        for (var i = 0; i < assessment.Signals.Count; i++)
        {
            json.Append(i == 0 ? "" : ", ");
            AppendString(json, $"{assessment.Signals[i].Id}: {assessment.Signals[i].Evidence}");
        }

        return json.Append("]}").ToString();
    }

    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case '\r':
                    json.Append("\\r");
                    break;
                case '\t':
                    json.Append("\\t");
                    break;
                case < ' ':
                    json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                case var high when char.IsHighSurrogate(high) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]):
                    json.Append(high).Append(value[++i]);
                    break;
                case var lone when char.IsSurrogate(lone):
                    // Half a pair cannot be written as UTF-8; a UTF-8 decoder would have made it U+FFFD too.
                    json.Append('\uFFFD');
                    break;
                default:
                    json.Append(c);
                    break;
            }
        }

        json.Append('"');
    }
}
