using System.Text;

namespace Dialogue.Bot.Staff;

/// <summary>HTML encoding for every staff page (sign-in and workspace): person text is never markup.</summary>
public static class StaffHtml
{
    /// <summary>
    /// Encodes the five characters that matter in HTML text and quoted attributes, and leaves everything else (æ, ø, å,
    /// "+" in a phone number, emoji) as it is, so staff and tests read the page as written.
    /// </summary>
    public static string Encode(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return value ?? string.Empty;
        }

        var html = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            _ = c switch
            {
                '&' => html.Append("&amp;"),
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                '"' => html.Append("&quot;"),
                '\'' => html.Append("&#39;"),
                _ => html.Append(c),
            };
        }

        return html.ToString();
    }
}
