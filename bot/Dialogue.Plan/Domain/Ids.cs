using System.Text.RegularExpressions;

namespace Dialogue.Plan.Domain;

/// <summary>A NAV office (enhet): four digits, e.g. 0219 NAV Bærum. Access to cases is per office.</summary>
public readonly partial record struct OfficeId
{
    public OfficeId(string value)
    {
        if (value is null || !FourDigits().IsMatch(value))
        {
            throw new ArgumentException($"An office id is four digits, not '{value}'.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex FourDigits();
}

/// <summary>A veileder's NAV ident, e.g. Z990001.</summary>
public readonly record struct VeilederId(string Value)
{
    public override string ToString() => Value;
}

public readonly record struct PersonId(Guid Value)
{
    public static PersonId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("D");
}

public readonly record struct ActivityId(Guid Value)
{
    public static ActivityId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("D");
}

public readonly record struct AppointmentId(Guid Value)
{
    public static AppointmentId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("D");
}
