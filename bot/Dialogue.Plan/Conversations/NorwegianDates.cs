using System.Globalization;
using Dialogue.Language;
using Dialogue.Language.Catalog;

namespace Dialogue.Plan.Conversations;

/// <summary>Dates as a person reads them: "fredag 27. november".</summary>
public static class NorwegianDates
{
    private static readonly CultureInfo Bokmal = CultureInfo.GetCultureInfo("nb-NO");

    /// <summary>A date with its time when it has one, in the catalog's words ("fredag 27. november kl. 10:00").</summary>
    public static string Format(DateTimeResolution when, TextCatalog texts)
    {
        ArgumentNullException.ThrowIfNull(when);
        ArgumentNullException.ThrowIfNull(texts);
        return when.Time is { } time
            ? texts.Render("format.date_time", new Dictionary<string, string>
            {
                ["date"] = Format(when.Date),
                ["time"] = time.ToString("HH:mm", Bokmal),
            })
            : Format(when.Date);
    }

    public static string Format(DateOnly date) => date.ToString("dddd d. MMMM", Bokmal);
}
