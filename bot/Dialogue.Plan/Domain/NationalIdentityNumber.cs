using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Dialogue.Plan.Domain;

/// <summary>What kind of Norwegian national identity number it is.</summary>
public enum NationalIdentityNumberKind
{
    /// <summary>Fødselsnummer: DDMMYY, individual number, two check digits.</summary>
    BirthNumber,

    /// <summary>D-number (for people without a fødselsnummer): the day plus 40.</summary>
    DNumber,
}

/// <summary>
/// A Norwegian national identity number (fødselsnummer or D-number): 11 digits DDMMYYIIIKK whose two mod-11 check
/// digits are right. A D-number has 40 added to the day. Synthetic test numbers are accepted too: NAV's (Dolly) have 40
/// added to the month, Skatteetaten's (Tenor / Test-Norge) 80 — see <see cref="IsSynthetic"/>. The date must exist
/// (29 February is allowed in any year; the century is not checked against the individual number).
/// <see cref="ToString"/> never shows the number (it gives <see cref="Masked"/>); use <see cref="Value"/> on purpose.
/// Not handled: Skatteetaten's announced changes to the number's rules (gender-neutral, changed check digits).
/// </summary>
public readonly partial record struct NationalIdentityNumber
{
    /// <summary>What a number is replaced with in logs: eleven asterisks.</summary>
    public const string Masked = "***********";

    private static readonly int[] FirstWeights = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] SecondWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    private static readonly int[] DaysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    private NationalIdentityNumber(string value, NationalIdentityNumberKind kind, bool synthetic)
    {
        Value = value;
        Kind = kind;
        IsSynthetic = synthetic;
    }

    /// <summary>The 11 digits.</summary>
    public string Value { get; }

    public NationalIdentityNumberKind Kind { get; }

    /// <summary>A test number from NAV (month + 40) or Skatteetaten (month + 80), never a real person's.</summary>
    public bool IsSynthetic { get; }

    /// <summary>Whether <paramref name="digits"/> is exactly 11 ASCII digits forming a valid number.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits) => Check(digits, out _, out _);

    /// <summary>Parses 11 digits, or 6 + 5 digits with one space between ("010190 12345"); surrounding white space is ignored.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out NationalIdentityNumber number)
    {
        number = default;
        if (text is null)
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Length == 12 && trimmed[6] == ' ')
        {
            trimmed = string.Concat(trimmed.AsSpan(0, 6), trimmed.AsSpan(7));
        }

        if (!Check(trimmed, out var kind, out var synthetic))
        {
            return false;
        }

        number = new NationalIdentityNumber(trimmed, kind, synthetic);
        return true;
    }

    public static NationalIdentityNumber Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException("Not a valid national identity number.");

    /// <summary>
    /// <paramref name="text"/> with every valid national identity number in it replaced by <see cref="Masked"/>: runs of
    /// exactly 11 digits (or 6 + space + 5) not touching other digits. Numbers whose check digits fail — phone numbers,
    /// order numbers — are left as they are.
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Mask(string? text)
    {
        if (text is null || text.Length < 11 || !HasElevenDigits(text))
        {
            return text;
        }

        return Candidate().Replace(text, m =>
            Check(m.Groups[1].Value + m.Groups[2].Value, out _, out _) ? Masked : m.Value);
    }

    public override string ToString() => Masked;

    private static bool HasElevenDigits(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c) && ++count >= 11)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Check(ReadOnlySpan<char> s, out NationalIdentityNumberKind kind, out bool synthetic)
    {
        kind = NationalIdentityNumberKind.BirthNumber;
        synthetic = false;
        if (s.Length != 11)
        {
            return false;
        }

        Span<int> d = stackalloc int[11];
        for (var i = 0; i < 11; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            d[i] = s[i] - '0';
        }

        var day = (d[0] * 10) + d[1];
        var month = (d[2] * 10) + d[3];
        if (day > 40)
        {
            day -= 40;
            kind = NationalIdentityNumberKind.DNumber;
        }

        if (month > 80)
        {
            month -= 80;
            synthetic = true;
        }
        else if (month > 40)
        {
            month -= 40;
            synthetic = true;
        }

        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth[month - 1])
        {
            return false;
        }

        return CheckDigit(d, FirstWeights) == d[9] && CheckDigit(d, SecondWeights) == d[10];
    }

    /// <summary>11 − (weighted sum mod 11); 11 becomes 0, and 10 means no valid check digit exists.</summary>
    private static int CheckDigit(ReadOnlySpan<int> digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += digits[i] * weights[i];
        }

        var k = 11 - (sum % 11);
        return k == 11 ? 0 : k == 10 ? -1 : k;
    }

    [GeneratedRegex("(?<![0-9])([0-9]{6}) ?([0-9]{5})(?![0-9])")]
    private static partial Regex Candidate();
}
