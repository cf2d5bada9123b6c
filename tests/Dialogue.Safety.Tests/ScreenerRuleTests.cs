using System.Text;
using Dialogue.Safety.Screening;

namespace Dialogue.Safety.Tests;

/// <summary>
/// Table tests for the lexicon screener: how people actually write (dialect, nynorsk, SMS spelling, missing æøå, slang,
/// emoji), what must not escalate (idioms, protective words), negation and time, the conversation rule, and the evidence
/// every decision carries.
/// </summary>
public sealed class ScreenerRuleTests
{
    private static readonly LexiconScreener Screener = new();

    /// <summary>The integrator's end-to-end tests use exactly these messages and levels.</summary>
    public static TheoryData<RiskLevel, string> MustClassify() => new()
    {
        { RiskLevel.Acute, "har tatt alle pillene mine 💊" },
        { RiskLevel.Acute, "har tatt alle pillene" },
        { RiskLevel.Acute, "orker ikke mer. skal ta livet mitt i kveld" },
        { RiskLevel.Acute, "vil ikke leve lenger" },
        { RiskLevel.Acute, "vil ikke leve mer" },
        { RiskLevel.Acute, "sitter med tablettene nå. vil bare sove for godt" },
        { RiskLevel.Acute, "kompisen min puster ikke, han har tatt noe" },
        { RiskLevel.Acute, "jeg har skrevet avskjedsbrev. i natt tar jeg livet mitt" },
        { RiskLevel.Acute, "kutter meg nå 😭😭" },
        { RiskLevel.Acute, "jeg har tenkt å ta livet mitt i natt" },
        { RiskLevel.Acute, "har tatt en overdose" },
        { RiskLevel.High, "har sprukket igjen. orker ikke mer" },
        { RiskLevel.High, "har ikke penger til mat og blir kastet ut av leiligheten" },
        { RiskLevel.High, "har sprukket igjen, ute å kjøre hele helga" },
        { RiskLevel.High, "suget er helt jævlig" },
        { RiskLevel.High, "har mista metadonen min" },
        { RiskLevel.Moderate, "hei. har sovet dårlig og er litt stressa" },
        { RiskLevel.Moderate, "sover så dårlig for tida" },
        { RiskLevel.Moderate, "føler meg ensom" },
        { RiskLevel.Moderate, "er så stressa og lei meg" },
        { RiskLevel.None, "hei" },
        { RiskLevel.None, "ja" },
        { RiskLevel.None, "ok takk" },
        { RiskLevel.None, "ikke ennå" },
        { RiskLevel.None, "på fredag" },
        { RiskLevel.None, "ring meg" },
        { RiskLevel.None, "VEILEDER" },
        { RiskLevel.None, "STOPP" },
        { RiskLevel.None, "hei igjen" },
        { RiskLevel.None, "kan noen ringe meg" },
    };

    public static TheoryData<RiskLevel, string> Dialect() => new()
    {
        { RiskLevel.Acute, "æ vil dø" },
        { RiskLevel.Acute, "eg vil ikkje leve meir" },
        { RiskLevel.Acute, "e orkar ikkje leva meir" },
        { RiskLevel.Acute, "æ ska ta livet av mæ i helga" },
        { RiskLevel.Acute, "eg har teke alle tablettane mine" },
        { RiskLevel.Acute, "æ håpe æ itj våkne i morra" },
        { RiskLevel.High, "æ orke itj mer" },
        { RiskLevel.High, "eg har sprukke att" },
        { RiskLevel.High, "æ har itj mat i huset" },
        { RiskLevel.High, "eg søv ute i natt" },
        { RiskLevel.Moderate, "æ e så deppa i dag" },
        { RiskLevel.Moderate, "eg søv dårleg" },
        { RiskLevel.None, "kor e nav-kontoret no?" },
        { RiskLevel.None, "æ ska søk på jobb i bygda" },
    };

    public static TheoryData<RiskLevel, string> SpellingAndTypos() => new()
    {
        { RiskLevel.Acute, "vil do" },
        { RiskLevel.Acute, "vil bare doo" },
        { RiskLevel.Acute, "tenker paa selvmor hele tida" },
        { RiskLevel.Acute, "tenker på selvmorrd" },
        { RiskLevel.Acute, "orker ikke aa leve" },
        { RiskLevel.Acute, "JEG VIL DØ" },
        { RiskLevel.Acute, "vilikkelevemer" },
        { RiskLevel.Acute, "skal ta livet mitt ikveld" },
        { RiskLevel.High, "vaert ute aa kjore hele helga" },
        { RiskLevel.High, "har sprukki igjen" },
        { RiskLevel.High, "hjemlos igjen" },
        { RiskLevel.Moderate, "har sovet darlig" },
        { RiskLevel.Moderate, "nervos for forste dagen paa praksis" },
    };

    public static TheoryData<RiskLevel, string> Slang() => new()
    {
        { RiskLevel.High, "falt utpå i helga" },
        { RiskLevel.High, "sklei langt utpå etter begravelsen" },
        { RiskLevel.High, "har vært ute å kjøre siden fredag" },
        { RiskLevel.High, "på kjøret igjen" },
        { RiskLevel.High, "gikk på en sprekk i går" },
        { RiskLevel.High, "rusa meg i går" },
        { RiskLevel.High, "har kjøpt hasj igjen" },
        { RiskLevel.High, "dopjaget er i gang" },
        { RiskLevel.High, "noen stjal subutexen min" },
    };

    public static TheoryData<RiskLevel, string> Emoji() => new()
    {
        { RiskLevel.Acute, "har tatt masse 💊" },
        { RiskLevel.Acute, "kutter meg 😭" },
        { RiskLevel.Acute, "💊 ha det" },
        { RiskLevel.Acute, "🔪🩸 igjen" },
        { RiskLevel.High, "har sprukket 😭" },
        { RiskLevel.Moderate, "😭" },
        { RiskLevel.Moderate, "deppa 😔" },
        { RiskLevel.None, "apoteket pakker pillene mine i poser 💊" },
        { RiskLevel.None, "tar blodtrykksmedisinen min hver dag 💊" },
        { RiskLevel.None, "👍" },
        { RiskLevel.None, "😂😂" },
        { RiskLevel.None, "gråt av glede i bryllupet 😭" },
        { RiskLevel.None, "😭😭 så rørende film" },
    };

    public static TheoryData<string> IdiomsAndProtectiveWords() =>
    [
        "døde av latter",
        "holdt på å dø av latter da jeg så det",
        "møtet var drepende kjedelig",
        "jobben tar livet av meg haha",
        "sliten etter jobb",
        "sliten etter jobb, men det er en god sliten",
        "lever streit nå",
        "streite arbeidsfolk",
        "edru i ett år i dag",
        "holder meg på det smale sporet",
        "nøktern og fornøyd",
        "vil ta livet mitt tilbake",
        "fikk sprekk i skjermen",
        "spiste så mye at jeg holder på å sprekke",
        "suget etter pizza er enormt",
        "ute og kjører bil med svogeren",
        "tok en overdose med kaffe i dag",
        "overdosekurset var nyttig",
        "brant meg litt på stekepanna",
        "har gitt opp å forstå reglene",
        "telefonen er død",
        "i toppform",
        "kasta ut søpla og vasket gulvet",
        "vi sov i telt på fjellet i helga",
        "slo meg på kneet på trening",
        "kjøpte tau til båten",
        "skal ta alle papirene med meg på en gang",
        "skal ikke være her i morgen, er på hytta",
        "dette er siste melding fra meg i dag, snakkes",
        "tok noen piller mot hodepina",
        "klarer ikke mer i dag, fortsetter i morgen",
        "mamma kommer til å drepe meg hvis jeg glemmer bursdagen haha",
    ];

    public static TheoryData<RiskLevel, string> NegationAndTime() => new()
    {
        { RiskLevel.Moderate, "har ikke tenkt å ta livet mitt" },
        { RiskLevel.Moderate, "jeg har ingen selvmordstanker" },
        { RiskLevel.Moderate, "ikke sånn at jeg vil dø eller noe" },
        { RiskLevel.Moderate, "eg har ikkje tankar om å døy" },
        { RiskLevel.Moderate, "for fem år siden prøvde jeg å ta livet mitt" },
        { RiskLevel.Moderate, "tok en overdose i 2018, men nå går det bra" },
        { RiskLevel.Moderate, "sov ute en hel vinter for tre år siden" },
        { RiskLevel.None, "har ikke sprukket" },
        { RiskLevel.None, "ikke stressa" },
        { RiskLevel.High, "sprakk i går" },
        { RiskLevel.High, "sprakk igjen i helga" },
        { RiskLevel.Acute, "tok alle pillene i natt" },
    };

    [Theory]
    [MemberData(nameof(MustClassify))]
    public void Must_classify_messages_get_their_level(RiskLevel expected, string text) => AssertLevel(expected, text);

    [Theory]
    [MemberData(nameof(Dialect))]
    public void Dialect_and_nynorsk(RiskLevel expected, string text) => AssertLevel(expected, text);

    [Theory]
    [MemberData(nameof(SpellingAndTypos))]
    public void Sms_spelling_typos_and_missing_aeoeaa(RiskLevel expected, string text) => AssertLevel(expected, text);

    [Theory]
    [MemberData(nameof(Slang))]
    public void Drug_slang(RiskLevel expected, string text) => AssertLevel(expected, text);

    [Theory]
    [MemberData(nameof(Emoji))]
    public void Emoji_signals(RiskLevel expected, string text) => AssertLevel(expected, text);

    [Theory]
    [MemberData(nameof(IdiomsAndProtectiveWords))]
    public void Idioms_and_protective_words_do_not_escalate(string text) => AssertLevel(RiskLevel.None, text);

    [Theory]
    [MemberData(nameof(NegationAndTime))]
    public void Negation_and_time_lower_the_level(RiskLevel expected, string text) => AssertLevel(expected, text);

    [Fact]
    public void A_third_moderate_message_in_a_row_is_high()
    {
        var assessment = Screener.Screen("føler meg ensom", new ScreeningContext(EarlierModerateMessages: 2));

        Assert.Equal(RiskLevel.High, assessment.Level);
        var context = Assert.Single(assessment.Signals, s => s.Id == LexiconScreener.RepeatedModerateId);
        Assert.Equal("context.repeated_moderate", context.Id);
        Assert.Equal(RiskLevel.High, context.Level);
        Assert.Contains(assessment.Signals, s => s.Id == "loneliness.isolated");
    }

    [Theory]
    [InlineData("føler meg ensom", 1, RiskLevel.Moderate)]
    [InlineData("hei", 5, RiskLevel.None)]
    [InlineData("har sprukket igjen", 3, RiskLevel.High)]
    [InlineData("vil ikke leve mer", 3, RiskLevel.Acute)]
    public void The_context_rule_only_raises_moderate_messages(string text, int earlier, RiskLevel expected)
    {
        var assessment = Screener.Screen(text, new ScreeningContext(earlier));

        Assert.Equal(expected, assessment.Level);
        Assert.DoesNotContain(assessment.Signals, s => s.Id == LexiconScreener.RepeatedModerateId);
    }

    [Fact]
    public async Task ScreenAsync_gives_the_same_decision()
    {
        var assessment = await Screener.ScreenAsync("har tatt alle pillene", ScreeningContext.None, CancellationToken.None);

        Assert.Equal(RiskLevel.Acute, assessment.Level);
    }

    [Fact]
    public void Signals_name_the_entry_and_quote_the_words_that_matched()
    {
        var assessment = Screener.Screen("Har tatt ALLE pillene mine 💊");

        Assert.Equal("2026-12-06.1", assessment.LexiconVersion);
        var overdose = Assert.Single(assessment.Signals, s => s.Id == "overdose.taken");
        Assert.Equal("overdose", overdose.Category);
        Assert.Equal(RiskLevel.Acute, overdose.Level);
        Assert.Equal("tatt ALLE pillene", overdose.Evidence);
        var pill = Assert.Single(assessment.Signals, s => s.Id == "emoji.pills");
        Assert.Equal("💊", pill.Evidence);
        Assert.Equal(RiskLevel.Acute, assessment.Signals[0].Level);
    }

    [Fact]
    public void Evidence_keeps_the_users_own_spelling()
    {
        var assessment = Screener.Screen("æ har sprukki igjen");

        var relapse = Assert.Single(assessment.Signals, s => s.Id == "relapse.sprekk");
        Assert.Equal("sprukki", relapse.Evidence);
    }

    [Fact]
    public void A_cancelled_idiom_is_listed_as_a_protective_signal()
    {
        var assessment = Screener.Screen("jobben tar livet av meg haha");

        Assert.Equal(RiskLevel.None, assessment.Level);
        var idiom = Assert.Single(assessment.Signals);
        Assert.Equal("idiom.killing_me", idiom.Id);
        Assert.Equal("protective", idiom.Category);
        Assert.Equal(RiskLevel.None, idiom.Level);
    }

    [Fact]
    public void A_negated_match_keeps_its_entry_id_at_the_lower_level()
    {
        var assessment = Screener.Screen("har ikke tenkt å ta livet mitt");

        var signal = Assert.Single(assessment.Signals, s => s.Id == "suicide.intent");
        Assert.Equal(RiskLevel.Moderate, signal.Level);
        Assert.Equal("ta livet mitt", signal.Evidence);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_messages_are_none(string? text)
    {
        var assessment = Screener.Screen(text);

        Assert.Equal(RiskLevel.None, assessment.Level);
        Assert.Empty(assessment.Signals);
    }

    [Fact]
    public void The_embedded_lexicon_loads_with_unique_ids_and_valid_levels()
    {
        var lexicon = RiskLexicon.Embedded;

        Assert.Equal("2026-12-06.1", lexicon.Version);
        var ids = lexicon.Entries.Select(e => e.Id)
            .Concat(lexicon.Protective.Select(p => p.Id))
            .Concat(lexicon.EmojiRules.Select(r => r.Id))
            .Concat(lexicon.Combinations.Select(c => c.Id))
            .ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(LexiconScreener.RepeatedModerateId, ids);
        Assert.All(lexicon.Entries, e =>
        {
            Assert.True(Enum.IsDefined(e.Level), e.Id);
            Assert.NotEmpty(e.Patterns);
            Assert.False(string.IsNullOrWhiteSpace(e.Category), e.Id);
            Assert.True(e.IfNegated is null || e.IfNegated <= e.Level, e.Id);
            Assert.True(e.IfPast is null || e.IfPast <= e.Level, e.Id);
            Assert.True(e.IfOthers is null || e.IfOthers <= e.Level, e.Id);
        });
        Assert.All(lexicon.Combinations, c => Assert.True(Enum.IsDefined(c.Level), c.Id));
        Assert.All(lexicon.EmojiRules, r => Assert.True(Enum.IsDefined(r.Level) && Enum.IsDefined(r.RaiseMax), r.Id));
        Assert.Contains(lexicon.Entries, e => e.Level == RiskLevel.Acute);
        Assert.Contains(lexicon.Entries, e => e.Level == RiskLevel.High);
        Assert.Contains(lexicon.Entries, e => e.Level == RiskLevel.Moderate);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "version": "x", "entries": [ { "id": "a", "category": "c", "level": "extreme", "patterns": ["x"] } ] }""")]
    [InlineData("""{ "version": "x", "entries": [ { "id": "a", "category": "c", "level": "high", "patterns": ["x"] }, { "id": "a", "category": "c", "level": "high", "patterns": ["y"] } ] }""")]
    [InlineData("""{ "version": "x", "entries": [ { "id": "a", "category": "c", "level": "high", "patterns": ["x || y"] } ] }""")]
    [InlineData("""{ "version": "x", "entries": [ { "id": "a", "category": "c", "level": "high", "patterns": ["x"], "typo": 1 } ] }""")]
    [InlineData("""{ "version": "x", "entries": [ { "id": "a", "category": "c", "level": "high", "patterns": ["* x"] } ] }""")]
    public void A_broken_lexicon_is_rejected_with_a_reason(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var error = Assert.Throws<InvalidDataException>(() => RiskLexicon.Load(stream));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static void AssertLevel(RiskLevel expected, string text)
    {
        var assessment = Screener.Screen(text);
        Assert.True(
            expected == assessment.Level,
            $"\"{text}\": expected {expected}, got {assessment.Level} ({string.Join("; ", assessment.Signals.Select(s => $"{s.Id}={s.Level}: {s.Evidence}"))})");
    }
}
