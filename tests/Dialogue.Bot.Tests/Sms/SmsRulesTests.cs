using Dialogue.Bot.Cli;
using Dialogue.Cases.Sms;
using Dialogue.Language;
using Dialogue.Language.Catalog;

namespace Dialogue.Bot.Tests.Sms;

/// <summary>The data-driven SMS rules: sending hours in Oslo time and the sensitive-word list for proactive openers.</summary>
public sealed class SmsRulesTests
{
    private static List<string> Openers =>
        [.. TextCatalog.Bokmal.Entries.Select(e => e.Id.Value).Where(id => id.StartsWith("sms.opener.", StringComparison.Ordinal))];

    public static TheoryData<string> OpenerIds() => [.. Openers];

    [Theory]
    [MemberData(nameof(OpenerIds))]
    public void Every_catalog_opener_is_safe_for_a_lock_screen_and_pure_gsm7(string id)
    {
        var text = CommandLine.RenderFor("sms", id);

        Assert.Empty(SensitiveWords.Default.Find(text));
        Assert.True(Gsm7.IsGsm7(text));
        Assert.True(Gsm7.Septets(text) <= 160, $"'{id}' should fit in one SMS: {text}");
    }

    [Fact]
    public void There_are_openers_for_check_ins_and_both_reminders() =>
        Assert.Equal(["sms.opener.check_in", "sms.opener.reminder_day_before", "sms.opener.reminder_soon"], Openers);

    [Theory]
    [InlineData("Husk møtet på LAR-klinikken", "substance")]
    [InlineData("du må ta URINPRØVE", "substance")]
    [InlineData("har du sprekt? eller er det sprekk", "substance")]
    [InlineData("Time hos gjeldsrådgiver", "debt")]
    [InlineData("Gjeldfri og samvær med sønnen min", "debt")]
    [InlineData("brev fra namsmannen", "debt")]
    [InlineData("time på DPS onsdag", "health")]
    [InlineData("husk sjukehuset", "health")]
    [InlineData("ikkje glem psykologen", "health")]
    [InlineData("tanker om selvmord", "suicide")]
    [InlineData("vil ta livet mitt", "suicide")]
    [InlineData("oppmøte hos friomsorgen", "justice")]
    public void Sensitive_words_are_found_in_any_spelling(string text, string category) =>
        Assert.Contains(SensitiveWords.Default.Find(text), m => m.Category == category);

    [Theory]
    [InlineData("Hei Kari! Dette er NAV sin chatbot. Har du tid til noen korte spørsmål? Svar JA eller NEI.")]
    [InlineData("Husk at du har møte med NAV i morgen kl. 10:00.")]
    [InlineData("Vi lar deg vite når det er klart.")]
    [InlineData("Hei Lars! Har du søkt på to jobber denne uka?")]
    [InlineData("Skriv VEILEDER hvis du vil snakke med et menneske.")]
    [InlineData("Saksbehandleren din har svart.")]
    public void Everyday_words_are_not_sensitive(string text) =>
        Assert.Empty(SensitiveWords.Default.Find(text));

    [Theory]
    [InlineData("2026-11-18T12:15:00Z", true)] // 13:15 in Oslo (CET)
    [InlineData("2026-11-18T06:59:59Z", false)] // 07:59:59
    [InlineData("2026-11-18T07:00:00Z", true)] // 08:00
    [InlineData("2026-11-18T18:59:59Z", true)] // 19:59:59
    [InlineData("2026-11-18T19:00:00Z", false)] // 20:00
    [InlineData("2026-06-18T06:00:00Z", true)] // 08:00 in summer (CEST)
    [InlineData("2026-06-18T18:30:00Z", false)] // 20:30 in summer
    public void Sending_hours_are_eight_to_eight_in_oslo(string utc, bool open) =>
        Assert.Equal(open, SmsSendingHours.IsOpen(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-03-28T20:00:00Z", "2026-03-29T06:00:00Z")] // 21:00 CET; the clocks go forward in the night: 08:00 CEST
    [InlineData("2026-10-24T20:00:00Z", "2026-10-25T07:00:00Z")] // 22:00 CEST; the clocks go back in the night: 08:00 CET
    [InlineData("2026-11-18T12:00:00Z", "2026-11-18T12:00:00Z")] // open now: now
    public void The_next_opening_is_eight_oclock_local_time_across_daylight_saving_changes(string utc, string expected) =>
        Assert.Equal(
            DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            SmsSendingHours.NextOpen(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
}
