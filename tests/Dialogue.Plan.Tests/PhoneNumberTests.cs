using Dialogue.Plan.Domain;

namespace Dialogue.Plan.Tests;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("91234567", "+4791234567")]
    [InlineData("912 34 567", "+4791234567")]
    [InlineData("91 23 45 67", "+4791234567")]
    [InlineData("+47 912 34 567", "+4791234567")]
    [InlineData("+4791234567", "+4791234567")]
    [InlineData("004791234567", "+4791234567")]
    [InlineData("0047 912-34-567", "+4791234567")]
    [InlineData("+46701234567", "+46701234567")]
    [InlineData("+1 (415) 555-0100", "+14155550100")]
    public void Numbers_as_people_write_them_normalise_to_E164(string input, string expected)
    {
        Assert.True(PhoneNumber.TryParse(input, out var number));
        Assert.Equal(expected, number.E164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1234567")]
    [InlineData("+47912345678")]
    [InlineData("+4791234")]
    [InlineData("9123456a")]
    [InlineData("+0123456789")]
    [InlineData("91234567+")]
    [InlineData("++4791234567")]
    [InlineData("+1234567890123456")]
    public void Anything_else_is_not_a_phone_number(string input)
    {
        Assert.False(PhoneNumber.TryParse(input, out _));
        Assert.Throws<FormatException>(() => PhoneNumber.Parse(input));
    }

    [Fact]
    public void Two_spellings_of_one_number_are_equal()
    {
        Assert.Equal(PhoneNumber.Parse("912 34 567"), PhoneNumber.Parse("+4791234567"));
    }

    [Theory]
    [InlineData("219")]
    [InlineData("02190")]
    [InlineData("abcd")]
    public void An_office_id_is_four_digits(string value)
    {
        Assert.Throws<ArgumentException>(() => new OfficeId(value));
    }
}
