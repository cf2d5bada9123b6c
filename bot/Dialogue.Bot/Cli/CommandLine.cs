using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dialogue.Framework.Prompts;
using Dialogue.Language;
using Dialogue.Language.Catalog;

namespace Dialogue.Bot.Cli;

/// <summary>
/// Commands on the same program: <c>dotnet run --project bot/Dialogue.Bot -- &lt;command&gt;</c>.
/// Anything that does not start with a command word starts the web host.
/// </summary>
public static class CommandLine
{
    private static readonly JsonSerializerOptions JsonLines = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly Dictionary<string, Func<string[], TextReader, TextWriter, TextWriter, CancellationToken, int>> Commands = new(StringComparer.Ordinal)
    {
        ["texts"] = (args, _, output, error, _) => Texts(args, output, error),
        ["link-code"] = (args, _, output, error, _) => LinkCodeCommand.Run(args, output, error, TimeProvider.System),
        ["classify"] = ClassifyCommand.Run,
        ["journal"] = (args, _, output, error, cancellationToken) => JournalCommand.Run(args, output, error, cancellationToken),
        ["export-person"] = (args, _, output, error, cancellationToken) => ExportPersonCommand.Run(args, output, error, cancellationToken),
        ["healthcheck"] = (args, _, output, error, cancellationToken) => HealthCheckCommand.Run(args, output, error, cancellationToken),
    };

    /// <summary>True when the arguments name a command rather than host options such as <c>--urls</c>.</summary>
    public static bool IsCommand(string[] args) =>
        args is { Length: > 0 } && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal);

    /// <summary>Runs a command on the process's standard streams, read and written as UTF-8 (no byte order mark).</summary>
    public static int RunOnConsole(string[] args, CancellationToken cancellationToken = default)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        using var input = new StreamReader(Console.OpenStandardInput(), utf8, detectEncodingFromByteOrderMarks: true);
        using var output = new StreamWriter(Console.OpenStandardOutput(), utf8);
        var exit = Run(args, input, output, Console.Error, cancellationToken);
        output.Flush();
        return exit;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, TextReader.Null, output, error, CancellationToken.None);

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        if (Commands.TryGetValue(args[0], out var command))
        {
            return command(args[1..], input, output, error, cancellationToken);
        }

        error.WriteLine($"Unknown command '{args[0]}'. Commands: {string.Join(", ", Commands.Keys)}. " +
            "Without a command the web host starts.");
        return 2;
    }

    /// <summary>
    /// <c>texts [--channel sms|webchat] [--lang nb]</c>: every catalog text as that channel would send it, one JSON
    /// object per line, placeholders filled with the catalog's sample values.
    /// </summary>
    private static int Texts(string[] args, TextWriter output, TextWriter error)
    {
        var channel = "webchat";
        var language = "nb";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--channel" when i + 1 < args.Length:
                    channel = args[++i];
                    break;
                case "--lang" when i + 1 < args.Length:
                    language = args[++i];
                    break;
                default:
                    error.WriteLine($"texts: unexpected '{args[i]}'. Usage: texts [--channel sms|webchat] [--lang nb]");
                    return 2;
            }
        }

        if (channel is not (KnownChannels.Sms or "webchat"))
        {
            error.WriteLine($"texts: unknown channel '{channel}'; use sms or webchat.");
            return 2;
        }

        if (language != TextCatalog.Bokmal.Language)
        {
            error.WriteLine($"texts: no catalog for language '{language}'; available: {TextCatalog.Bokmal.Language}.");
            return 2;
        }

        foreach (var entry in TextCatalog.Bokmal.Entries)
        {
            output.WriteLine(JsonSerializer.Serialize(new { id = entry.Id.Value, text = RenderFor(channel, entry.Id) }, JsonLines));
        }

        return 0;
    }

    /// <summary>A catalog text with its sample values, as the channel sends it (SMS: GSM-7 safe characters only).</summary>
    public static string RenderFor(string channel, TextId id)
    {
        var text = TextCatalog.Bokmal.RenderSample(id);
        return channel == KnownChannels.Sms ? Gsm7.ToSafe(text) : text;
    }
}
