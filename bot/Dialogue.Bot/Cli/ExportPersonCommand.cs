using System.Data.Common;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dialogue.Cases.Retention;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Cli;

/// <summary>
/// <c>export-person &lt;personId&gt; [--out file] [--Key=value ...]</c>: writes everything stored about one person as
/// one JSON document (<see cref="PersonExport"/>) to stdout or to the file. Exit 0 when written; 1 when there is no
/// such person or the database cannot be used; 2 for a usage error (including an id that is not a GUID).
/// </summary>
internal static class ExportPersonCommand
{
    private const string Usage = "Usage: export-person <personId> [--out file] [--ConnectionStrings:Dialogue=... --Database:Provider=Sqlite|Postgres]";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? id = null;
        string? outFile = null;
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    outFile = args[++i];
                    break;
                case "--out":
                    error.WriteLine($"export-person: --out needs a file name. {Usage}");
                    return 2;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('=', StringComparison.Ordinal):
                    settings.Add(setting);
                    break;
                case var word when id is null && !word.StartsWith('-'):
                    id = word;
                    break;
                default:
                    error.WriteLine($"export-person: unexpected '{args[i]}'. {Usage}");
                    return 2;
            }
        }

        if (id is null)
        {
            error.WriteLine($"export-person: say whose data to export. {Usage}");
            return 2;
        }

        if (!Guid.TryParse(id, out var guid))
        {
            error.WriteLine($"export-person: '{id}' is not a person id (a GUID such as de300000-0000-4000-8000-004799990001).");
            return 2;
        }

        if (CliDatabase.Settings("export-person", [.. settings], error) is not { } configured)
        {
            return 2;
        }

        try
        {
            return ExportAsync(configured.Settings, new PersonId(guid), outFile, output, error, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException)
        {
            error.WriteLine($"export-person: the database could not be used ({configured.Settings.Provider}): {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"export-person: could not write '{outFile}': {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> ExportAsync(
        Cases.Persistence.DatabaseSettings settings, PersonId person, string? outFile, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var factory = await CliDatabase.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        var document = await new PersonExport(factory, TimeProvider.System).ExportAsync(person, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            error.WriteLine($"export-person: there is no person with id {person.Value:D}.");
            return 1;
        }

        var json = document.ToJsonString(Indented);
        if (outFile is null)
        {
            output.WriteLine(json);
        }
        else
        {
            await File.WriteAllTextAsync(outFile, json + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
            error.WriteLine($"export-person: wrote {outFile}.");
        }

        return 0;
    }
}
