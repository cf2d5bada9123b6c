using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Dialogue.Plan.Domain;

/// <summary>
/// A phone number in E.164 form (+4791234567). Norwegian numbers are often written with 8 digits, spaces,
/// or a 0047 prefix; all of those normalise to +47 and the 8 digits.
/// </summary>
public readonly record struct PhoneNumber
{
    private PhoneNumber(string e164) => E164 = e164;

    public string E164 { get; }

    public override string ToString() => E164;

    public static PhoneNumber Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException($"'{text}' is not a phone number.");

    public static bool TryParse([NotNullWhen(true)] string? text, out PhoneNumber number)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var digits = new StringBuilder();
        var plus = false;
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        var d = digits.ToString();
        if (!plus && d.StartsWith("00", StringComparison.Ordinal))
        {
            plus = true;
            d = d[2..];
        }

        if (!plus && d.Length == 8)
        {
            d = "47" + d;
            plus = true;
        }

        // E.164: at most 15 digits, no leading zero in the country code; Norwegian numbers have exactly 8 after +47.
        if (!plus || d.Length is < 8 or > 15 || d[0] == '0' || (d.StartsWith("47", StringComparison.Ordinal) && d.Length != 10))
        {
            return false;
        }

        number = new PhoneNumber("+" + d);
        return true;
    }
}
