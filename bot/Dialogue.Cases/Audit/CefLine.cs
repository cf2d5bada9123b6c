using System.Globalization;
using System.Text;

namespace Dialogue.Cases.Audit;

/// <summary>
/// ArcSight Common Event Format, as NAV's audit log (naudit → ArcSight) expects it:
/// <c>CEF:0|{app}|auditLog|1.0|audit:access|Sporingslogg|INFO|end={epoch ms} suid={NAV ident} duid={person} ...</c>.
/// Escaping follows the CEF specification: in the header a backslash and a pipe are escaped with a backslash; in
/// extension values a backslash and an equals sign are, and line breaks become <c>\n</c> / <c>\r</c>. Line breaks in
/// a header field (which the specification does not allow) become spaces, so one event is always one line.
/// </summary>
public static class CefLine
{
    public const string DeviceProduct = "auditLog";
    public const string DeviceVersion = "1.0";
    public const string AccessEventClass = "audit:access";
    public const string Name = "Sporingslogg";

    /// <summary>The CEF line for one audit row.</summary>
    public static string Format(AccessAuditRecord record, string application)
    {
        ArgumentNullException.ThrowIfNull(record);
        var extension = new List<(string Key, string? Value)>
        {
            ("end", record.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            ("suid", record.ActorIdent.Value),
            ("duid", record.PersonId?.ToString()),
            ("act", record.Action),
            ("requestMethod", record.Method),
            ("request", record.Path),
            ("src", record.ClientAddress),
            ("requestClientApplication", record.UserAgent),
            ("flexString1Label", "Decision"),
            ("flexString1", record.Decision.ToString()),
            ("flexString2Label", "Office"),
            ("flexString2", record.ActorOffice.Value),
            ("cs3Label", "Resource"),
            ("cs3", record.Resource),
            ("cs5Label", "Role"),
            ("cs5", record.ActorRole.ToString()),
            ("cs6Label", "AuditId"),
            ("cs6", record.Id.ToString("D")),
        };
        return Format(application, DeviceProduct, DeviceVersion, AccessEventClass, Name, "INFO", extension);
    }

    /// <summary>A CEF line from its parts; extension entries with a null or empty value are left out.</summary>
    public static string Format(
        string vendor, string product, string version, string eventClass, string name, string severity,
        IEnumerable<(string Key, string? Value)> extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        var line = new StringBuilder("CEF:0|");
        foreach (var field in new[] { vendor, product, version, eventClass, name, severity })
        {
            line.Append(EscapeHeader(field)).Append('|');
        }

        var first = true;
        foreach (var (key, value) in extension)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (!first)
            {
                line.Append(' ');
            }

            first = false;
            line.Append(key).Append('=').Append(EscapeExtension(value));
        }

        return line.ToString();
    }

    /// <summary>A header field: <c>\</c> → <c>\\</c>, <c>|</c> → <c>\|</c>; line breaks → space.</summary>
    public static string EscapeHeader(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => escaped.Append(@"\\"),
                '|' => escaped.Append(@"\|"),
                '\r' or '\n' => escaped.Append(' '),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>An extension value: <c>\</c> → <c>\\</c>, <c>=</c> → <c>\=</c>, CR LF or LF → <c>\n</c>, a lone CR → <c>\r</c>.</summary>
    public static string EscapeExtension(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var escaped = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\':
                    escaped.Append(@"\\");
                    break;
                case '=':
                    escaped.Append(@"\=");
                    break;
                case '\r' when i + 1 < value.Length && value[i + 1] == '\n':
                    escaped.Append(@"\n");
                    i++;
                    break;
                case '\r':
                    escaped.Append(@"\r");
                    break;
                case '\n':
                    escaped.Append(@"\n");
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }
}
