using System.Globalization;
using Dialogue.Language;

namespace Dialogue.Plan.Conversations;

/// <summary>Dates as a person reads them: "fredag 27. november kl. 10:00".</summary>
public static class NorwegianDates
{
    private static readonly CultureInfo Bokmal = CultureInfo.GetCultureInfo("nb-NO");

    public static string Format(DateTimeResolution when)
    {
        ArgumentNullException.ThrowIfNull(when);
        var date = Format(when.Date);
        return when.Time is { } time ? $"{date} kl. {time.ToString("HH:mm", Bokmal)}" : date;
    }

    public static string Format(DateOnly date) => date.ToString("dddd d. MMMM", Bokmal);
}
