namespace Dialogue.Language.Tests;

public sealed class NorwegianNormalizerTests
{
    [Theory]
    [InlineData("  Hei   DU  ", "hei du")]
    [InlineData("Hei, du!!!", "hei du")]
    [InlineData("Ja... kanskje?", "ja kanskje")]
    [InlineData("Café naïve", "cafe naive")]
    [InlineData("Ålesund ØST æ", "ålesund øst jeg")]
    [InlineData("kl.10:30 den 15.05.2027", "kl 10:30 den 15.05.2027")]
    [InlineData("15/5 og 10-12", "15/5 og 10-12")]
    [InlineData("15. mai", "15 mai")]
    [InlineData("kl10", "kl 10")]
    [InlineData("fredag'n", "fredagn")]
    [InlineData("e-post", "epost")]
    [InlineData("3️⃣", "3")]
    [InlineData("٣", "3")]
    [InlineData("Rock & roll", "rock og roll")]
    public void Lower_cases_and_removes_punctuation_but_keeps_digit_separators(string input, string expected) =>
        Assert.Equal(expected, NorwegianNormalizer.Normalize(input));

    [Theory]
    [InlineData("vaere", "være")]
    [InlineData("paa", "på")]
    [InlineData("foer", "før")]
    [InlineData("gaar", "går")]
    [InlineData("maa", "må")]
    [InlineData("laerer", "lærer")]
    [InlineData("moetet", "møtet")]
    [InlineData("daarlig", "dårlig")]
    [InlineData("aaret", "året")]
    [InlineData("paaminnelse", "påminnelse")]
    [InlineData("israel", "israel")]
    [InlineData("michael", "michael")]
    [InlineData("noe", "noe")]
    [InlineData("poeng", "poeng")]
    [InlineData("skoene", "skoene")]
    [InlineData("roe", "roe")]
    public void Ae_oe_aa_become_aeoa_only_when_that_makes_a_norwegian_word(string input, string expected) =>
        Assert.Equal(expected, NorwegianNormalizer.Normalize(input));

    [Theory]
    [InlineData("neeei", "nei")]
    [InlineData("jaaaa", "ja")]
    [InlineData("hjelppp", "hjelp")]
    [InlineData("takk", "takk")]
    [InlineData("1000", "1000")]
    public void Letters_repeated_three_times_or_more_collapse(string input, string expected) =>
        Assert.Equal(expected, NorwegianNormalizer.Normalize(input));

    [Theory]
    [InlineData("ikkje", "ikke")]
    [InlineData("itj", "ikke")]
    [InlineData("ikk", "ikke")]
    [InlineData("ik", "ikke")]
    [InlineData("æ veit ikkje", "jeg vet ikke")]
    [InlineData("eg trur det", "jeg tror det")]
    [InlineData("jæ e sjuk", "jeg er syk")]
    [InlineData("ka e det", "hva er det")]
    [InlineData("kva vil du", "hva vil du")]
    [InlineData("kor e du", "hvor er du")]
    [InlineData("hjelp mæ", "hjelp meg")]
    [InlineData("æ ser dæ", "jeg ser deg")]
    [InlineData("sjøl", "selv")]
    [InlineData("æ har ikkje noko", "jeg har ikke noe")]
    [InlineData("treng hjelpa", "trenger hjelp")]
    [InlineData("d e bra", "det er bra")]
    [InlineData("vetikke", "vet ikke")]
    [InlineData("okei", "ok")]
    [InlineData("idag", "i dag")]
    [InlineData("imorra", "i morgen")]
    [InlineData("i morra", "i morgen")]
    [InlineData("darlig", "dårlig")]
    [InlineData("heile helga gjekk", "hele helga gikk")]
    public void Dialect_nynorsk_and_sms_forms_become_bokmal(string input, string expected) =>
        Assert.Equal(expected, NorwegianNormalizer.Normalize(input));

    [Theory]
    [InlineData("e e sjuk", "jeg er syk")]
    [InlineData("E kjem i morra", "jeg kommer i morgen")]
    [InlineData("e du der", "er du der")]
    [InlineData("ska e komme", "skal jeg komme")]
    [InlineData("men e vil ikkje", "men jeg vil ikke")]
    [InlineData("ok. e e klar", "ok jeg er klar")]
    public void A_lone_e_is_jeg_at_the_start_and_er_after_a_subject(string input, string expected) =>
        Assert.Equal(expected, NorwegianNormalizer.Normalize(input));

    [Theory]
    [InlineData("no", "no")]
    [InlineData("no thanks", "no thanks")]
    [InlineData("ikkje no", "ikke nå")]
    [InlineData("e e sliten no", "jeg er sliten nå")]
    public void No_is_na_inside_a_sentence_but_english_no_on_its_own(string input, string expected) =>
        Assert.Equal(expected, NorwegianNormalizer.Normalize(input));

    [Fact]
    public void Emoji_are_kept_as_their_own_tokens_without_skin_tones()
    {
        Assert.Equal(["ja", "👍", "takk"], NorwegianNormalizer.Tokens("JAAA👍🏽takk!!"));
    }

    [Fact]
    public void Null_and_blank_text_normalize_to_empty()
    {
        Assert.Equal(string.Empty, NorwegianNormalizer.Normalize(null));
        Assert.Equal(string.Empty, NorwegianNormalizer.Normalize(" \t\n "));
        Assert.Empty(NorwegianNormalizer.Tokens(null));
    }

    [Fact]
    public void Tokens_split_multi_word_mappings()
    {
        Assert.Equal(["jeg", "vet", "ikke"], NorwegianNormalizer.Tokens("Æ vetikke"));
    }

    [Fact]
    public void Decomposed_letters_are_composed_first()
    {
        Assert.Equal("på", NorwegianNormalizer.Normalize("pa\u030A"));
    }
}
