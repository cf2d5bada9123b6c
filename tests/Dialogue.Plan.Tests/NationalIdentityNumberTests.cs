using Dialogue.Plan.Domain;

namespace Dialogue.Plan.Tests;

/// <summary>
/// Norwegian national identity numbers: 11 digits DDMMYYIIIKK with two mod-11 check digits, D-numbers (day + 40), and
/// synthetic test numbers (NAV's Dolly: month + 40; Skatteetaten's Tenor: month + 80). What passes here is masked in logs.
/// </summary>
public sealed class NationalIdentityNumberTests
{
    [Theory]
    [InlineData("24128512353", NationalIdentityNumberKind.BirthNumber, false)]
    [InlineData("01010150740", NationalIdentityNumberKind.BirthNumber, false)] // first check digit 4, second 0
    [InlineData("01010150902", NationalIdentityNumberKind.BirthNumber, false)]
    [InlineData("61019012335", NationalIdentityNumberKind.DNumber, false)] // 21 January 1990 + 40 on the day
    [InlineData("15507600333", NationalIdentityNumberKind.BirthNumber, true)] // Dolly: October + 40
    [InlineData("55507608360", NationalIdentityNumberKind.DNumber, true)] // Dolly D-number
    [InlineData("29422059278", NationalIdentityNumberKind.BirthNumber, true)] // Dolly, 29 February 2020
    [InlineData("21829912365", NationalIdentityNumberKind.BirthNumber, true)] // Skatteetaten: February + 80
    public void Valid_numbers_parse_with_their_kind(string digits, NationalIdentityNumberKind kind, bool synthetic)
    {
        Assert.True(NationalIdentityNumber.IsValid(digits));
        Assert.True(NationalIdentityNumber.TryParse(digits, out var number));
        Assert.Equal((digits, kind, synthetic), (number.Value, number.Kind, number.IsSynthetic));
    }

    [Theory]
    [InlineData("24128512354")] // second check digit wrong
    [InlineData("24128512343")] // first check digit wrong
    [InlineData("12345678901")]
    [InlineData("31048812301")] // check digits right, but 31 April does not exist
    [InlineData("45137712338")] // check digits right, D-number with month 13
    [InlineData("010190123")] // too short
    [InlineData("241285123530")] // too long
    [InlineData("2412851235a")]
    [InlineData("")]
    public void Anything_else_is_not_a_number(string text)
    {
        Assert.False(NationalIdentityNumber.IsValid(text));
        Assert.False(NationalIdentityNumber.TryParse(text, out _));
        Assert.Throws<FormatException>(() => NationalIdentityNumber.Parse(text));
    }

    [Fact]
    public void Date_and_personal_number_may_be_written_apart_and_the_value_never_shows_by_accident()
    {
        Assert.True(NationalIdentityNumber.TryParse(" 241285 12353 ", out var number));
        Assert.Equal("24128512353", number.Value);
        Assert.Equal("***********", number.ToString());
        Assert.Equal("***********", $"{number}");
    }

    [Theory]
    [InlineData("fnr 24128512353, takk", "fnr ***********, takk")]
    [InlineData("241285 12353", "***********")]
    [InlineData("D-nr:61019012335.", "D-nr:***********.")]
    [InlineData("a 24128512353 b 15507600333", "a *********** b ***********")]
    [InlineData("ring 99990001 eller +47 99 99 00 01", "ring 99990001 eller +47 99 99 00 01")] // phone numbers
    [InlineData("kontonr 12345678901", "kontonr 12345678901")] // 11 digits, check digits wrong
    [InlineData("241285123530", "241285123530")] // a valid number inside a longer run of digits is not one
    [InlineData("de300000-0000-4000-8000-004799990001", "de300000-0000-4000-8000-004799990001")]
    public void Masking_replaces_valid_numbers_only(string text, string expected) =>
        Assert.Equal(expected, NationalIdentityNumber.Mask(text));
}
