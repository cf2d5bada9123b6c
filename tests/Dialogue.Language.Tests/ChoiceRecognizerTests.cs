namespace Dialogue.Language.Tests;

public sealed class ChoiceRecognizerTests
{
    private static readonly IReadOnlyList<ChoiceOption> Mood =
    [
        new("good", "Bra", ["fint", "topp"]),
        new("so-so", "Sånn passe"),
        new("bad", "Dårlig", ["dritt"]),
    ];

    private static readonly IReadOnlyList<ChoiceOption> Plans =
    [
        new("dentist", "Ringe tannlegen"),
        new("walk", "Gå en tur"),
        new("job", "Søke på jobb"),
        new("tidy", "Rydde hjemme"),
    ];

    private static readonly IReadOnlyList<ChoiceOption> YesNo =
    [
        new("yes", "Ja"),
        new("no", "Nei"),
    ];

    private static readonly IReadOnlyList<ChoiceOption> Days =
    [
        new("today", "I dag"),
        new("tomorrow", "I morgen"),
        new("next-week", "Neste uke"),
    ];

    private static readonly IReadOnlyList<ChoiceOption> Contact =
    [
        new("sms", "SMS"),
        new("phone", "Telefon"),
        new("meeting", "Møte på NAV-kontoret"),
    ];

    private static IReadOnlyList<ChoiceOption> Set(string name) => name switch
    {
        "mood" => Mood,
        "plans" => Plans,
        "yesno" => YesNo,
        "days" => Days,
        "contact" => Contact,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("mood", "1", 0)]
    [InlineData("mood", "2", 1)]
    [InlineData("mood", "3", 2)]
    [InlineData("mood", "2.", 1)]
    [InlineData("mood", " 3 ", 2)]
    [InlineData("mood", "nr 2", 1)]
    [InlineData("mood", "nr. 3", 2)]
    [InlineData("mood", "nr2", 1)]
    [InlineData("mood", "nummer to", 1)]
    [InlineData("mood", "to", 1)]
    [InlineData("mood", "tre", 2)]
    [InlineData("mood", "en", 0)]
    [InlineData("mood", "#1", 0)]
    [InlineData("mood", "3)", 2)]
    [InlineData("mood", "2️⃣", 1)]
    [InlineData("mood", "jeg velger 2", 1)]
    [InlineData("mood", "jeg tar nummer 3", 2)]
    [InlineData("mood", "alternativ 1", 0)]
    [InlineData("plans", "2", 1)]
    [InlineData("plans", "fire", 3)]
    [InlineData("yesno", "1", 0)]
    [InlineData("yesno", "2", 1)]
    public void A_number_picks_that_option(string set, string input, int expected) =>
        Assert.Equal(expected, ChoiceRecognizer.Recognize(input, Set(set))?.Index);

    [Theory]
    [InlineData("mood", "den første", 0)]
    [InlineData("mood", "første", 0)]
    [InlineData("mood", "andre", 1)]
    [InlineData("mood", "den andre", 1)]
    [InlineData("mood", "tredje", 2)]
    [InlineData("mood", "den siste", 2)]
    [InlineData("mood", "siste", 2)]
    [InlineData("mood", "nest siste", 1)]
    [InlineData("mood", "den forste", 0)]
    [InlineData("plans", "den siste", 3)]
    [InlineData("plans", "fjerde", 3)]
    public void An_ordinal_picks_that_option(string set, string input, int expected) =>
        Assert.Equal(expected, ChoiceRecognizer.Recognize(input, Set(set))?.Index);

    [Theory]
    [InlineData("mood", "bra", 0)]
    [InlineData("mood", "Bra!", 0)]
    [InlineData("mood", "BRA", 0)]
    [InlineData("mood", "fint", 0)]
    [InlineData("mood", "topp", 0)]
    [InlineData("mood", "sånn passe", 1)]
    [InlineData("mood", "Sånn passe.", 1)]
    [InlineData("mood", "passe", 1)]
    [InlineData("mood", "dårlig", 2)]
    [InlineData("mood", "dritt", 2)]
    [InlineData("mood", "ganske bra", 0)]
    [InlineData("mood", "det går bra", 0)]
    [InlineData("mood", "jeg velger bra", 0)]
    [InlineData("plans", "ringe tannlegen", 0)]
    [InlineData("plans", "tannlegen", 0)]
    [InlineData("plans", "jeg vil ringe tannlegen", 0)]
    [InlineData("plans", "ringe", 0)]
    [InlineData("plans", "tur", 1)]
    [InlineData("plans", "gå tur", 1)]
    [InlineData("plans", "en tur", 1)]
    [InlineData("plans", "søke jobb", 2)]
    [InlineData("plans", "jobb", 2)]
    [InlineData("plans", "rydde", 3)]
    [InlineData("plans", "rydde heime", 3)]
    [InlineData("days", "i dag", 0)]
    [InlineData("days", "idag", 0)]
    [InlineData("days", "imorgen", 1)]
    [InlineData("days", "i morra", 1)]
    [InlineData("days", "morgen", 1)]
    [InlineData("days", "neste uke", 2)]
    [InlineData("days", "neste", 2)]
    [InlineData("contact", "sms", 0)]
    [InlineData("contact", "telefon", 1)]
    [InlineData("contact", "møte", 2)]
    [InlineData("contact", "på kontoret", 2)]
    [InlineData("yesno", "ja", 0)]
    [InlineData("yesno", "Nei", 1)]
    public void A_label_or_synonym_picks_that_option(string set, string input, int expected) =>
        Assert.Equal(expected, ChoiceRecognizer.Recognize(input, Set(set))?.Index);

    [Theory]
    [InlineData("mood", "sann passe", 1)]
    [InlineData("mood", "saann passe", 1)]
    [InlineData("mood", "san pase", 1)]
    [InlineData("mood", "darlig", 2)]
    [InlineData("mood", "dårli", 2)]
    [InlineData("mood", "drlig", 2)]
    [InlineData("plans", "ringe tanlegen", 0)]
    [InlineData("plans", "soke pa jobb", 2)]
    [InlineData("plans", "ryde", 3)]
    [InlineData("contact", "telfon", 1)]
    [InlineData("contact", "mote", 2)]
    [InlineData("contact", "telefonen", 1)]
    public void Typos_and_missing_aeoa_still_pick_the_option(string set, string input, int expected) =>
        Assert.Equal(expected, ChoiceRecognizer.Recognize(input, Set(set))?.Index);

    [Theory]
    [InlineData("mood", null)]
    [InlineData("mood", "")]
    [InlineData("mood", "4")]
    [InlineData("mood", "0")]
    [InlineData("mood", "nummer fem")]
    [InlineData("mood", "banan")]
    [InlineData("mood", "1 og 2")]
    [InlineData("mood", "ikke bra")]
    [InlineData("mood", "bra og dårlig")]
    [InlineData("mood", "😀")]
    [InlineData("plans", "noe annet")]
    [InlineData("plans", "jeg vet ikke")]
    [InlineData("yesno", "tja")]
    [InlineData("yesno", "hmm")]
    [InlineData("yesno", "kanskje")]
    [InlineData("yesno", "blåbær")]
    [InlineData("yesno", "æsj")]
    [InlineData("contact", "ring meg")]
    public void Nothing_fitting_or_a_tie_gives_null(string set, string? input) =>
        Assert.Null(ChoiceRecognizer.Recognize(input, Set(set)));

    [Fact]
    public void Two_options_with_the_same_synonym_are_a_tie()
    {
        IReadOnlyList<ChoiceOption> options = [new("a", "Ja", ["ok"]), new("b", "Greit", ["ok"])];

        Assert.Null(ChoiceRecognizer.Recognize("ok", options));
    }

    [Fact]
    public void Two_options_sharing_a_word_are_a_tie_on_that_word_alone()
    {
        IReadOnlyList<ChoiceOption> options = [new("gp", "Ringe legen"), new("dentist", "Ringe tannlegen")];

        Assert.Null(ChoiceRecognizer.Recognize("ringe", options));
        Assert.Equal("gp", ChoiceRecognizer.Recognize("legen", options)?.Value);
    }

    [Fact]
    public void The_match_carries_the_value_and_an_exact_score_of_one()
    {
        var match = ChoiceRecognizer.Recognize("dritt", Mood);

        Assert.Equal(new ChoiceMatch(2, "bad", 1.0), match);
    }

    [Fact]
    public void A_fuzzy_match_scores_lower_than_an_exact_one()
    {
        var fuzzy = ChoiceRecognizer.Recognize("drlig", Mood)!;
        var exact = ChoiceRecognizer.Recognize("dårlig", Mood)!;

        Assert.InRange(fuzzy.Score, 0.45, 0.99);
        Assert.True(fuzzy.Score < exact.Score);
    }

    [Fact]
    public void An_exact_label_wins_over_the_number_it_could_also_be()
    {
        IReadOnlyList<ChoiceOption> options = [new("three", "3 timer"), new("one", "1"), new("two", "2 timer")];

        Assert.Equal("one", ChoiceRecognizer.Recognize("1", options)?.Value);
        Assert.Equal("three", ChoiceRecognizer.Recognize("3 timer", options)?.Value);
    }

    [Fact]
    public void No_options_give_null() => Assert.Null(ChoiceRecognizer.Recognize("1", []));
}
