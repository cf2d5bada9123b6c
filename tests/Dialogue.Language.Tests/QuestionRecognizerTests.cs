namespace Dialogue.Language.Tests;

public sealed class QuestionRecognizerTests
{
    [Theory]
    [InlineData("hvordan sender jeg meldekort")]
    [InlineData("meldekort")]
    [InlineData("meldekrot")]
    [InlineData("medlekort frist")]
    [InlineData("meldkort")]
    [InlineData("meldekortt")]
    [InlineData("melde kort")]
    [InlineData("meldekortfrist")]
    [InlineData("meldekort frist")]
    [InlineData("glemt meldekort")]
    [InlineData("jeg har glemt meldekortet")]
    [InlineData("når må jeg sende meldekortet")]
    [InlineData("korleis fyller eg ut meldekortet")]
    [InlineData("koss sende meldekort")]
    [InlineData("åssen fyller man ut meldekort")]
    [InlineData("ka gjør æ med meldekortet")]
    [InlineData("ka e fristen for meldekortet")]
    [InlineData("kan jeg sende meldekortet på papir")]
    [InlineData("hva skjer hvis jeg glemmer meldekortet")]
    [InlineData("MELDEKORT???")]
    public void Meldekort_questions_are_recognized_in_dialect_and_with_typos(string input) =>
        AssertTopic(QuestionTopic.Meldekort, input);

    [Theory]
    [InlineData("når kommer pengene")]
    [InlineData("nå kommer pengane")]
    [InlineData("na kommer pengene")]
    [InlineData("kva tid kjem pengane")]
    [InlineData("kor tid kjem penga")]
    [InlineData("når kommer penga")]
    [InlineData("hvilken dag betaler nav ut")]
    [InlineData("når betaler nav")]
    [InlineData("når er det utbetaling")]
    [InlineData("utbetalingsdag")]
    [InlineData("utbetlaing")]
    [InlineData("utbetallingsdag")]
    [InlineData("lønning fra nav")]
    [InlineData("kommer pengene i dag")]
    [InlineData("kommer pengene før helgen")]
    [InlineData("når får man pengene")]
    [InlineData("når blir aap utbetalt")]
    [InlineData("Når er utbetalingsdagen i desember?")]
    [InlineData("vet du når pengene kommer")]
    public void Utbetaling_questions_are_recognized_in_dialect_and_with_typos(string input) =>
        AssertTopic(QuestionTopic.Utbetaling, input);

    [Theory]
    [InlineData("åpningstider")]
    [InlineData("apningstider")]
    [InlineData("åpnigstider")]
    [InlineData("opningstider")]
    [InlineData("ka e åpningstidene")]
    [InlineData("når er nav åpent")]
    [InlineData("når stenger nav")]
    [InlineData("åpent i dag")]
    [InlineData("stengt i dag?")]
    [InlineData("er kontoret åpent")]
    [InlineData("nå e nav opent")]
    [InlineData("når e nav opent")]
    [InlineData("e det åpent i dag")]
    [InlineData("har dere åpent på lørdag")]
    [InlineData("hvor lenge er nav åpent i dag")]
    [InlineData("når åpner kontoret")]
    [InlineData("er nav stengt i romjula")]
    [InlineData("hvilke dager er nav åpent")]
    [InlineData("hei, når stenger dere")]
    public void Apningstider_questions_are_recognized_in_dialect_and_with_typos(string input) =>
        AssertTopic(QuestionTopic.Apningstider, input);

    [Theory]
    [InlineData("hva er en aktivitetsplan")]
    [InlineData("aktivitetsplanen")]
    [InlineData("aktivitetsplan?")]
    [InlineData("hva er planen")]
    [InlineData("ka e planen")]
    [InlineData("hva betyr aktivitet")]
    [InlineData("ka betyr aktivitet")]
    [InlineData("ka e aktivitetsplan")]
    [InlineData("kva er ein aktivitetsplan")]
    [InlineData("hva er aktivitesplan")]
    [InlineData("aktivtetsplanen")]
    [InlineData("hvorfor må jeg ha aktivitetsplan")]
    [InlineData("jeg forstår ikke aktivitetsplanen")]
    [InlineData("hvordan fungerer aktivitetsplanen")]
    [InlineData("forklar aktivitetsplan")]
    [InlineData("hva er aktivitetsplanen for noe")]
    public void Aktivitetsplan_questions_are_recognized_in_dialect_and_with_typos(string input) =>
        AssertTopic(QuestionTopic.Aktivitetsplan, input);

    [Theory]
    [InlineData("bankid")]
    [InlineData("bank id")]
    [InlineData("bank-id")]
    [InlineData("bankidd")]
    [InlineData("bankidn")]
    [InlineData("har ikke bankid")]
    [InlineData("æ har ikkje bankid")]
    [InlineData("få ny bankid")]
    [InlineData("bankID'en min er sperra")]
    [InlineData("kodebrikke")]
    [InlineData("jeg har mistet kodebrikka")]
    [InlineData("bankbrikke")]
    [InlineData("minid")]
    [InlineData("kan jeg bruke min id")]
    [InlineData("logge inn på nav")]
    [InlineData("hvordan logger jeg inn")]
    [InlineData("åssen logger man inn")]
    [InlineData("kommer ikke inn på nav")]
    [InlineData("hvordan logger jeg inn på nav uten bankid")]
    [InlineData("hvor mye koster ny bankid")]
    public void BankId_questions_are_recognized_in_dialect_and_with_typos(string input) =>
        AssertTopic(QuestionTopic.BankId, input);

    [Theory]
    [InlineData("snakke med veileder")]
    [InlineData("ringe veilederen")]
    [InlineData("få tak i veilederen min")]
    [InlineData("kontakte saksbehandler")]
    [InlineData("nummeret til veilederen")]
    [InlineData("hva er nummeret til veilederen min")]
    [InlineData("åssen får æ tak i veilederen min")]
    [InlineData("kordan får eg tak i rettleiaren min")]
    [InlineData("kan e få snakke med veiledern")]
    [InlineData("kan jeg ringe veilder")]
    [InlineData("hvordan kontakter jeg veilederen")]
    [InlineData("tlf til veileder")]
    [InlineData("e-post til veilederen")]
    [InlineData("hvordan ringer jeg nav")]
    [InlineData("hva er nummeret til nav")]
    [InlineData("kan dere ringe meg")]
    [InlineData("kan æ ringe veilederen min i dag")]
    public void KontaktVeileder_questions_are_recognized_in_dialect_and_with_typos(string input) =>
        AssertTopic(QuestionTopic.KontaktVeileder, input);

    [Theory]
    // The examples from the specification.
    [InlineData("hvorfor har jeg ikke fått pengene mine")]
    [InlineData("når får jeg utbetalt AAP-en min")]
    [InlineData("har dere fått meldekortet mitt")]
    [InlineData("er søknaden min behandla")]
    // Own money: possessive, "jeg/æ får", not received, amount, status, "hvorfor".
    [InlineData("når får jeg pengene")]
    [InlineData("når får æ penga")]
    [InlineData("når skal jeg få pengene mine")]
    [InlineData("når kommer min utbetaling")]
    [InlineData("når kjem dagpengane mine")]
    [InlineData("kommer pengene mine i dag")]
    [InlineData("når kommer pengene inn på kontoen min")]
    [InlineData("fikk ikke utbetaling i dag")]
    [InlineData("hvorfor kommer ikke utbetalingen")]
    [InlineData("hvorfor fikk jeg mindre utbetalt denne gangen")]
    [InlineData("hvorfor er utbetalingen min stoppet")]
    [InlineData("er utbetalingen min forsinka")]
    [InlineData("har nav betalt ut pengene mine")]
    // Own case: did you get it, was it approved, what does mine say.
    [InlineData("har dere mottatt meldekortet")]
    [InlineData("har du fått meldekortet")]
    [InlineData("fikk du meldekortet mitt")]
    [InlineData("har nav fått meldekortet mitt")]
    [InlineData("har jeg sendt meldekortet")]
    [InlineData("er meldekortet mitt godkjent")]
    [InlineData("hvorfor er meldekortet mitt avvist")]
    [InlineData("ble meldekortet registrert")]
    [InlineData("jeg sendte meldekortet for sent, hva skjer nå?")]
    [InlineData("hva står i aktivitetsplanen min")]
    [InlineData("hva er planen min")]
    public void Personal_questions_about_own_money_or_case_are_left_to_a_human(string input) =>
        Assert.Null(QuestionRecognizer.Recognize(input));

    [Theory]
    [InlineData("hvordan sender jeg meldekort", QuestionTopic.Meldekort)]
    [InlineData("hvordan sender jeg meldekortet mitt", QuestionTopic.Meldekort)]
    [InlineData("hvor finner jeg aktivitetsplanen min", QuestionTopic.Aktivitetsplan)]
    [InlineData("når må jeg sende meldekortet", QuestionTopic.Meldekort)]
    [InlineData("hvordan får jeg ny kodebrikke", QuestionTopic.BankId)]
    [InlineData("hvordan får jeg tak i saksbehandleren", QuestionTopic.KontaktVeileder)]
    [InlineData("kan jeg få vite når pengene kommer", QuestionTopic.Utbetaling)]
    [InlineData("får man penger på fredag", QuestionTopic.Utbetaling)]
    public void How_to_questions_with_jeg_or_min_stay_general(string input, QuestionTopic expected) =>
        AssertTopic(expected, input);

    [Theory]
    [InlineData("ja")]
    [InlineData("nei")]
    [InlineData("nei takk")]
    [InlineData("på fredag")]
    [InlineData("i morgen kl 10")]
    [InlineData("ringe tannlegen")]
    [InlineData("ringe mamma")]
    [InlineData("jeg har det bra")]
    [InlineData("har det fint")]
    [InlineData("gikk på en sprekk i går")]
    [InlineData("ok takk")]
    [InlineData("kanskje")]
    [InlineData("vet ikke")]
    [InlineData("jeg vet ikke hva jeg skal gjøre")]
    [InlineData("jeg er sliten")]
    [InlineData("det går fint")]
    [InlineData("tusen takk for hjelpen")]
    [InlineData("nå er jeg ferdig")]
    [InlineData("jobbe i butikk")]
    [InlineData("gå en tur")]
    [InlineData("når jeg kommer hjem")]
    [InlineData("kan ikke komme i dag")]
    [InlineData("jeg har ikke penger på kortet")]
    [InlineData("jeg trenger penger")]
    [InlineData("låne penger")]
    [InlineData("hei")]
    [InlineData("😊")]
    public void Unrelated_messages_and_answers_to_other_questions_are_neither_topics_nor_questions(string input)
    {
        Assert.Null(QuestionRecognizer.Recognize(input));
        Assert.False(QuestionRecognizer.LooksLikeQuestion(input));
    }

    [Theory]
    [InlineData("jeg skal sende meldekortet i dag")]
    [InlineData("jeg sendte meldekortet i går")]
    [InlineData("sendte meldekortet i går")]
    [InlineData("har sendt meldekortet")]
    [InlineData("meldekortet er sendt")]
    [InlineData("jeg snakket med veilederen i går")]
    [InlineData("jeg skal ringe veilederen i morgen")]
    [InlineData("veilederen min sa at jeg skulle ringe")]
    [InlineData("jeg har bankid")]
    public void Reports_of_what_the_person_did_or_will_do_are_not_questions(string input)
    {
        Assert.Null(QuestionRecognizer.Recognize(input));
        Assert.False(QuestionRecognizer.LooksLikeQuestion(input));
    }

    [Theory]
    [InlineData("butikken er åpen i dag")]
    [InlineData("er apoteket åpent i dag")]
    [InlineData("når stenger butikken")]
    [InlineData("jeg er åpen for det")]
    [InlineData("hva er planen i dag")]
    [InlineData("hva er planen videre")]
    [InlineData("hva er aktivitetsplikt")]
    [InlineData("jeg er jo ikke i aktivitet, jeg har jo ikke plan enda")]
    [InlineData("veileder")]
    [InlineData("pengane")]
    [InlineData("åpen")]
    [InlineData("aap-en")]
    public void Words_that_only_look_like_a_topic_are_not_recognized(string input) =>
        Assert.Null(QuestionRecognizer.Recognize(input));

    [Theory]
    [InlineData("når er nav åpent så jeg kan ringe veilederen")]
    [InlineData("når kommer pengene og når stenger nav")]
    [InlineData("kan jeg sende meldekort uten bankid")]
    public void Two_topics_that_fit_equally_well_give_null(string input) =>
        Assert.Null(QuestionRecognizer.Recognize(input));

    [Fact]
    public void Aap_en_is_the_benefit_not_the_word_open()
    {
        var match = QuestionRecognizer.Recognize("når kommer aap-en");

        Assert.NotNull(match);
        Assert.Equal(QuestionTopic.Utbetaling, match.Topic);
        Assert.Contains("aap", match.Signals);
    }

    [Fact]
    public void Signals_are_the_normalized_words_that_matched_in_input_order()
    {
        var match = QuestionRecognizer.Recognize("Når kommer PENGENE?")!;

        Assert.Equal(["når", "kommer", "pengene"], match.Signals);
    }

    [Theory]
    [InlineData("meldekrot frist", "meldekrot")]
    [InlineData("meldekrot frist", "frist")]
    [InlineData("hvilken dag betaler nav ut", "betaler nav ut")]
    [InlineData("ka e aktivitetsplan", "hva er")]
    [InlineData("ka e aktivitetsplan", "aktivitetsplan")]
    [InlineData("nå e nav opent", "opent")]
    [InlineData("nå e nav opent", "når")]
    [InlineData("bankidd", "bankidd")]
    [InlineData("åssen får æ tak i veilederen min", "veilederen")]
    [InlineData("logge inn på nav", "logge inn")]
    public void Signals_name_the_words_that_pointed_to_the_topic(string input, string signal) =>
        Assert.Contains(signal, QuestionRecognizer.Recognize(input)!.Signals);

    [Fact]
    public void Signals_leave_out_words_that_did_not_count()
    {
        var match = QuestionRecognizer.Recognize("hei, kan du si meg hvordan jeg sender meldekort")!;

        Assert.Equal(QuestionTopic.Meldekort, match.Topic);
        Assert.DoesNotContain("hei", match.Signals);
        Assert.DoesNotContain("jeg", match.Signals);
        Assert.DoesNotContain("du", match.Signals);
    }

    [Fact]
    public void Confidence_is_higher_with_context_and_question_form_than_for_the_bare_word()
    {
        var bare = QuestionRecognizer.Recognize("meldekort")!;
        var asked = QuestionRecognizer.Recognize("hvordan sender jeg meldekort?")!;

        Assert.InRange(bare.Confidence, 0.75, 0.97);
        Assert.InRange(asked.Confidence, 0.75, 0.97);
        Assert.True(asked.Confidence > bare.Confidence);
    }

    [Fact]
    public void Question_form_raises_confidence()
    {
        var plain = QuestionRecognizer.Recognize("meldekort")!;
        var asked = QuestionRecognizer.Recognize("meldekort?")!;

        Assert.True(asked.Confidence > plain.Confidence);
    }

    [Fact]
    public void A_weak_word_alone_is_below_the_confidence_needed()
    {
        Assert.Null(QuestionRecognizer.Recognize("penger"));
        Assert.Null(QuestionRecognizer.Recognize("ringe"));
        Assert.Equal(QuestionTopic.Utbetaling, QuestionRecognizer.Recognize("når kommer penger")!.Topic);
        Assert.Equal(QuestionTopic.KontaktVeileder, QuestionRecognizer.Recognize("ringe veileder")!.Topic);
    }

    [Fact]
    public void Asking_for_the_persons_own_money_differs_from_asking_in_general()
    {
        Assert.Equal(QuestionTopic.Utbetaling, QuestionRecognizer.Recognize("når kommer pengene")!.Topic);
        Assert.Null(QuestionRecognizer.Recognize("når kommer pengene mine"));
        Assert.Equal(QuestionTopic.Utbetaling, QuestionRecognizer.Recognize("når får man pengene")!.Topic);
        Assert.Null(QuestionRecognizer.Recognize("når får jeg pengene"));
    }

    [Theory]
    [InlineData("hva er en aktivitetsplan")]
    [InlineData("ka e planen")]
    [InlineData("kva skjer nå")]
    [InlineData("når stenger nav")]
    [InlineData("nå e nav opent")]
    [InlineData("når e nav opent")]
    [InlineData("e nav opent")]
    [InlineData("na kommer pengene")]
    [InlineData("hvor finner jeg meldekortet")]
    [InlineData("kor e kontoret")]
    [InlineData("korleis søkjer eg")]
    [InlineData("koss gjør æ det")]
    [InlineData("åssen logger man inn")]
    [InlineData("hvorfor må jeg sende meldekort")]
    [InlineData("koffor skjer det")]
    [InlineData("kvifor")]
    [InlineData("hvem er veilederen min")]
    [InlineData("kem e veilederen min")]
    [InlineData("kven kan eg ringe")]
    [InlineData("kan jeg ringe dere")]
    [InlineData("kan dere ringe meg")]
    [InlineData("kan e få snakke med veiledern")]
    [InlineData("får jeg hjelp med det")]
    [InlineData("må jeg møte opp")]
    [InlineData("er det åpent i dag")]
    [InlineData("e det åpent i dag")]
    [InlineData("er apoteket åpent i dag")]
    [InlineData("skal jeg sende noe")]
    [InlineData("går det an å ringe")]
    [InlineData("vet du når pengene kommer")]
    [InlineData("hei hva er nummeret")]
    [InlineData("ok. når kommer pengene")]
    [InlineData("jeg har sendt meldekortet, når kommer pengene")]
    [InlineData("jeg lurer på en ting")]
    [InlineData("jeg har et spørsmål")]
    [InlineData("det er i orden?")]
    [InlineData("hvordn gjør jeg det")]
    [InlineData("hvofor er det sånn")]
    [InlineData("HVILKEN DAG BETALER NAV UT")]
    public void Questions_are_seen_without_question_mark_and_in_dialect(string input) =>
        Assert.True(QuestionRecognizer.LooksLikeQuestion(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("...")]
    [InlineData("🙂")]
    [InlineData("når jeg kommer hjem, skal jeg ringe")]
    [InlineData("hva som helst")]
    [InlineData("når som helst")]
    [InlineData("hvem som helst")]
    [InlineData("har ikke bankid")]
    [InlineData("får ikke sove")]
    [InlineData("er sliten")]
    [InlineData("vil snakke med veilederen")]
    [InlineData("jeg har ikke noe spørsmål")]
    [InlineData("ingen spørsmål")]
    [InlineData("no kjem pengane")]
    [InlineData("nå må jeg gå")]
    [InlineData("har jobbet i dag")]
    [InlineData("det går bra")]
    public void Statements_and_answers_are_not_questions(string? input) =>
        Assert.False(QuestionRecognizer.LooksLikeQuestion(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n ")]
    [InlineData("???")]
    public void Empty_input_is_no_topic(string? input) => Assert.Null(QuestionRecognizer.Recognize(input));

    [Theory]
    [MemberData(nameof(RobustnessTests.OddInputs), MemberType = typeof(RobustnessTests))]
    public void Odd_input_does_not_throw_and_is_no_topic(string input)
    {
        Assert.Null(QuestionRecognizer.Recognize(input));
        _ = QuestionRecognizer.LooksLikeQuestion(input);
    }

    private static void AssertTopic(QuestionTopic expected, string input)
    {
        var match = QuestionRecognizer.Recognize(input);

        Assert.NotNull(match);
        Assert.Equal(expected, match.Topic);
        Assert.InRange(match.Confidence, 0.75, 1.0);
        Assert.NotEmpty(match.Signals);
    }
}
