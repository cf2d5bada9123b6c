namespace Dialogue.Language.Tests;

public sealed class Gsm7Tests
{
    [Theory]
    [InlineData("Hei på deg! Æ Ø Å æ ø å", true)]
    [InlineData("Café, Ñ, ü, Ä, ö, ß, É, Ç", true)]
    [InlineData("Pris: 50 € [ca] {x} | ~ ^ \\", true)]
    [InlineData("@£$¥ §¿¡ ΔΦΓΛΩΠΨΣΘΞ", true)]
    [InlineData("Linje 1\nLinje 2\r\n", true)]
    [InlineData("Hei 😀", false)]
    [InlineData("“sitat”", false)]
    [InlineData("á", false)]
    [InlineData("ç", false)]
    [InlineData("a\u00A0b", false)]
    [InlineData("–", false)]
    public void Recognizes_the_basic_set_and_extension_table(string text, bool expected) =>
        Assert.Equal(expected, Gsm7.IsGsm7(text));

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("æøå", 3)]
    [InlineData("€", 2)]
    [InlineData("[]", 4)]
    [InlineData("10 €", 5)]
    [InlineData("", 0)]
    public void Extension_characters_count_two_septets(string text, int expected) =>
        Assert.Equal(expected, Gsm7.Septets(text));

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    [InlineData(1, 1)]
    public void Gsm7_fits_160_in_one_sms_and_153_per_part(int length, int segments) =>
        Assert.Equal(new SmsSegmentInfo(true, length, segments), Gsm7.Segments(new string('a', length)));

    [Fact]
    public void Empty_text_is_no_sms() => Assert.Equal(new SmsSegmentInfo(true, 0, 0), Gsm7.Segments(string.Empty));

    [Fact]
    public void Extension_characters_fill_the_single_sms_faster()
    {
        Assert.Equal(new SmsSegmentInfo(true, 160, 1), Gsm7.Segments(new string('a', 158) + "€"));
        Assert.Equal(new SmsSegmentInfo(true, 161, 2), Gsm7.Segments(new string('a', 159) + "€"));
    }

    [Fact]
    public void An_escape_pair_is_never_split_between_parts()
    {
        // 306 septets would be two parts, but the € cannot straddle the 153-septet boundary.
        var text = new string('a', 152) + "€" + new string('b', 152);

        Assert.Equal(new SmsSegmentInfo(true, 306, 3), Gsm7.Segments(text));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_fits_70_in_one_sms_and_67_per_part(int length, int segments) =>
        Assert.Equal(new SmsSegmentInfo(false, length, segments), Gsm7.Segments("ĉ" + new string('a', length - 1)));

    [Fact]
    public void Ucs2_counts_utf16_units_and_keeps_surrogate_pairs_whole()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 35));
        Assert.Equal(new SmsSegmentInfo(false, 70, 1), Gsm7.Segments(emoji));

        // 66 units then an emoji: it cannot be split, so it starts the second part. 134 units would fit two parts of 67,
        // but here they need three.
        Assert.Equal(new SmsSegmentInfo(false, 133, 2), Gsm7.Segments(new string('ĉ', 66) + "😀" + new string('ĉ', 65)));
        Assert.Equal(new SmsSegmentInfo(false, 134, 3), Gsm7.Segments(new string('ĉ', 66) + "😀" + new string('ĉ', 66)));
    }

    [Theory]
    [InlineData("“Hei”", "\"Hei\"")]
    [InlineData("«Hei»", "\"Hei\"")]
    [InlineData("Det er ‘greit’", "Det er 'greit'")]
    [InlineData("Ja – nei — kanskje", "Ja - nei - kanskje")]
    [InlineData("Vent…", "Vent...")]
    [InlineData("kl.\u00A010", "kl. 10")]
    [InlineData("a\u202Fb\u2009c", "a b c")]
    [InlineData("Café", "Café")]
    [InlineData("Ålesund, Øst, æ", "Ålesund, Øst, æ")]
    [InlineData("á â ã ê í ó ú", "a a a e i o u")]
    [InlineData("Ó Ê Ú", "O E U")]
    [InlineData("ça", "ca")]
    [InlineData("Łódź", "Lodz")]
    [InlineData("Hei 😀", "Hei :D")]
    [InlineData("Takk 👍", "Takk")]
    [InlineData("Takk 👍 for sist", "Takk for sist")]
    [InlineData("A → B", "A -> B")]
    [InlineData("it’s", "it's")]
    [InlineData("Straße", "Straße")]
    [InlineData("中", "?")]
    [InlineData("soft\u00ADhyphen", "softhyphen")]
    public void ToSafe_replaces_non_gsm_characters_with_close_equivalents(string text, string expected)
    {
        var safe = Gsm7.ToSafe(text);

        Assert.Equal(expected, safe);
        Assert.True(Gsm7.IsGsm7(safe));
    }

    [Fact]
    public void ToSafe_leaves_gsm7_text_unchanged()
    {
        const string text = "Hei Kari! Ring 55 55 33 33 på hverdager, kl. 9-15. Pris: 0 €.";

        Assert.Same(text, Gsm7.ToSafe(text));
    }
}
