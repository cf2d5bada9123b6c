namespace Dialogue.Language.Tests;

public sealed class ReadabilityTests
{
    [Fact]
    public void Lix_of_a_known_text()
    {
        // 12 words, 2 sentences, 1 long word (sykehus): 12/2 + 100*1/12 = 14.33.
        Assert.Equal(14.333, Readability.Lix("Jeg heter Kari. Jeg bor i Bergen og jobber på et sykehus."), 3);
    }

    [Fact]
    public void Lix_counts_long_words_as_more_than_six_letters()
    {
        // 4 words, 1 sentence; "arbeidsavklaringspenger" is long, "ytelse" (6) is not: 4 + 100*1/4 = 29.
        Assert.Equal(29.0, Readability.Lix("Arbeidsavklaringspenger er en ytelse."), 3);
    }

    [Fact]
    public void Lix_of_a_short_plain_text_is_low()
    {
        // 11 words, 2 sentences, no long words: 5.5.
        Assert.Equal(5.5, Readability.Lix("Det er helt greit. Det er lov å ta det rolig."), 3);
    }

    [Fact]
    public void Lix_of_no_words_is_zero() => Assert.Equal(0.0, Readability.Lix("... !"));

    [Theory]
    [InlineData("Jeg heter Kari. Jeg bor i Bergen og jobber på et sykehus.", new[] { 3, 9 })]
    [InlineData("Vi ses kl. 10 på fredag.", new[] { 6 })]
    [InlineData("Møtet er 15.05 kl 10:30. Ta med NAV-kortet.", new[] { 5, 3 })]
    [InlineData("Hvordan går det?\n1 Bra\n2 Dårlig", new[] { 3, 2, 2 })]
    [InlineData("Hei! Hva vil du gjøre i dag?", new[] { 1, 6 })]
    [InlineData("Dette har jeg skrevet ned: ringe tannlegen.", new[] { 7 })]
    [InlineData("Husk dette: Ta med ID.", new[] { 2, 3 })]
    [InlineData("", new int[0])]
    public void Words_per_sentence(string text, int[] expected) =>
        Assert.Equal(expected, Readability.WordsPerSentence(text));

    [Theory]
    [InlineData("Hva heter du? Hvor bor du?", 2)]
    [InlineData("Hei! Hva vil du gjøre i dag?", 1)]
    [InlineData("Hva?? Når?!", 2)]
    [InlineData("Se nav.no/kontakt?side=1 for mer.", 0)]
    [InlineData("Ok.", 0)]
    public void Question_count(string text, int expected) => Assert.Equal(expected, Readability.QuestionCount(text));
}
