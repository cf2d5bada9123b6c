namespace Dialogue.Language.Tests;

/// <summary>Whatever arrives by SMS or web chat, the toolkit answers and does not throw.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> OddInputs =>
    [
        "\uD800",
        "a\uDC00b",
        "\0\u0001\u001F",
        "\u0301",
        "🏳️‍🌈",
        "...!!!???",
        new string('a', 20_000),
        "99999999999",
        "om 99999999999 dager",
        "kl 99:99",
        "31.04",
        "uke 99",
        "halv",
        "kvart over",
        "den",
        "om",
        "kl",
    ];

    [Theory]
    [MemberData(nameof(OddInputs))]
    public void Recognizers_do_not_throw_and_find_nothing_in_odd_input(string input)
    {
        var now = new DateTimeOffset(2026, 11, 18, 12, 15, 0, TimeSpan.Zero);
        IReadOnlyList<ChoiceOption> options = [new("a", "Bra"), new("b", "Dårlig")];

        Assert.Null(YesNoRecognizer.Recognize(input));
        Assert.Null(ChoiceRecognizer.Recognize(input, options));
        Assert.Null(CommandRecognizer.Recognize(input));
        Assert.Null(DateTimeRecognizer.Recognize(input, now));
        Assert.True(Gsm7.IsGsm7(Gsm7.ToSafe(input)));
        Assert.True(Readability.Lix(input) >= 0);
    }

    [Fact]
    public void Matched_points_into_the_input_as_written_even_with_decomposed_letters()
    {
        const string input = "Pa\u030A fredag kl 10 ok";

        var result = DateTimeRecognizer.Recognize(input, new DateTimeOffset(2026, 11, 18, 12, 15, 0, TimeSpan.Zero))!;

        Assert.Equal("Pa\u030A fredag kl 10", result.Matched);
        Assert.Equal(new DateOnly(2026, 11, 20), result.Date);
    }
}
