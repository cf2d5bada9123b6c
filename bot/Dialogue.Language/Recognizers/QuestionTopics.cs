using System.Collections.Frozen;

namespace Dialogue.Language;

/// <summary>
/// One kind of evidence for a topic. Each slot counts once, however many of its words appear. A slot matches a phrase
/// (normalized words; "*" stands for any one word: "betaler * ut"), a word starting with one of its stems ("meldekortfrist"),
/// or a word a typo or two from one of its fuzzy words ("meldekrot").
/// </summary>
internal sealed record CueSlot(string Name, double Weight, bool Anchor, string[] Phrases)
{
    /// <summary><see cref="Phrases"/> split into words.</summary>
    public string[][] PhraseWords { get; } = Phrases.Select(p => p.Split(' ')).ToArray();

    public string[] Stems { get; init; } = [];

    public string[] Fuzzy { get; init; } = [];

    /// <summary>A one-word match is ignored when the next word is one of these ("åpen for", "åpne brevet").</summary>
    public FrozenSet<string> NotBefore { get; init; } = FrozenSet<string>.Empty;

    /// <summary>The slot does not count when any of these words is in the message ("butikken er åpen") …</summary>
    public FrozenSet<string> BlockedBy { get; init; } = FrozenSet<string>.Empty;

    /// <summary>… unless one of these is there too ("når stenger nav og butikken").</summary>
    public FrozenSet<string> UnlessAlso { get; init; } = FrozenSet<string>.Empty;
}

internal sealed record TopicCues(QuestionTopic Topic, CueSlot[] Slots);

/// <summary>The words that point to each <see cref="QuestionTopic"/>, in normalized bokmål (see <see cref="NorwegianNormalizer"/>).</summary>
internal static class QuestionTopics
{
    /// <summary>Time words: "åpent i dag" is about opening hours; "hva er planen i dag" is not about the activity plan.</summary>
    private static readonly string[] TimeWords =
    [
        "i dag", "i morgen", "i overmorgen", "i kveld", "i helga", "i helgen", "mandag", "tirsdag", "onsdag", "torsdag",
        "fredag", "lørdag", "søndag", "helg", "helga", "helgen", "klokka", "kl", "jul", "julen", "jula", "romjul", "romjula",
        "påske", "påsken", "sommer", "sommeren", "ferie", "ferien", "fellesferien", "hverdager", "hverdag", "tidlig",
    ];

    private static readonly string[] MoneyNouns =
    [
        "penger", "pengene", "penga", "pengane", "pengan", "pengar", "pengær", "pengen", "aap", "dagpenger", "dagpengene",
        "dagpengane", "dagpenga", "sosialhjelp", "sosialhjelpa", "sosialhjelpen", "sossen", "sosialen", "stønad", "stønaden",
        "stønaden", "stønader", "trygd", "trygda", "trygden", "sykepenger", "sykepengene", "sykepenga", "uføretrygd",
        "uføretrygda", "uføretrygden", "ytelse", "ytelsen", "ytelsene", "lønn", "lønna", "lønnen", "kvp",
        "kvalifiseringsstønad", "barnetrygd", "barnetrygda", "barnetrygden", "overgangsstønad",
    ];

    /// <summary>Places that have their own opening hours: "er butikken åpen i dag" is not about NAV.</summary>
    private static readonly FrozenSet<string> OtherPlaces = Set(
        "butikken", "butikk", "butikkene", "matbutikken", "apoteket", "apotek", "polet", "vinmonopolet", "banken", "posten",
        "postkontoret", "legen", "legekontoret", "legevakta", "legevakten", "legevakt", "tannlegen", "fastlegen", "kiosken",
        "biblioteket", "skolen", "barnehagen", "senteret", "kjøpesenteret", "svømmehallen", "treningssenteret", "kafeen",
        "kafe", "restauranten", "puben", "baren", "rema", "kiwi", "coop", "meny", "joker", "extra", "spar", "bunnpris",
        "døra", "døren", "døra", "vinduet", "såret", "sår", "saken", "dagsenter", "dagsenteret", "værestedet", "varmestua",
        "feltpleien", "helsestasjonen", "bymisjonen", "frelsesarmeen", "frisøren", "vaskeriet", "klinikken", "gymmen");

    private static readonly FrozenSet<string> NavPlaces = Set("nav", "navkontoret", "kontoret", "dere");

    /// <summary>"åpne brevet", "åpne appen", "åpen for", "åpen om": to open a thing, or to be open-minded.</summary>
    private static readonly FrozenSet<string> NotOpeningHours = Set(
        "for", "om", "med", "meldekortet", "meldekort", "appen", "brevet", "aktivitetsplanen", "planen", "siden", "lenken",
        "linken", "filen", "fila", "vedlegget", "posten", "døra", "døren", "mailen", "eposten", "meldingen", "meldinga",
        "dokumentet", "pdf", "pdfen", "saken", "søknaden", "opp");

    public static IReadOnlyList<TopicCues> All { get; } =
    [
        new(QuestionTopic.Meldekort,
        [
            new("Core", 0.8, Anchor: true, ["meldekort", "melde kort", "melde kortet", "meld kort", "meldekorte"])
            {
                Stems = ["meldekort"],
                Fuzzy = ["meldekort", "meldekortet", "meldekorta", "meldekortene"],
            },
            new("Action", 0.1, Anchor: false,
            [
                "sende", "send", "sender", "sendes", "fylle", "fyll", "fyller", "fylles", "levere", "lever", "leverer",
                "leveres", "frist", "fristen", "frister", "glemt", "glemte", "glemme", "glemmer", "for sent", "for seint",
                "innen", "endre", "rette", "korrigere", "papir", "appen", "når", "hvordan", "hvor",
            ]),
        ]),
        new(QuestionTopic.Utbetaling,
        [
            new("Core", 0.8, Anchor: true,
            [
                "betale ut", "betaler ut", "betales ut", "betalt ut", "betal ut", "betaler * ut", "betale * ut",
                "betales * ut", "utbetalings dag", "payday", "pay day", "lønning", "lønningsdag", "lønningsdagen",
            ])
            {
                Stems = ["utbetal", "lønningsdag", "utbetaling"],
                Fuzzy = ["utbetaling", "utbetalinga", "utbetalingen", "utbetalingsdag", "utbetalingsdagen", "utbetalt", "utbetales", "utbetale"],
            },
            new("Money", 0.45, Anchor: true, MoneyNouns),
            new("Pay", 0.45, Anchor: true, ["betaler", "betale", "betales", "betal", "betalt", "betaling", "betalinga", "betalingen"]),
            new("When", 0.2, Anchor: false,
            [
                "når", "hva tid", "hvilken tid", "hvor tid", "hvilken dag", "hvilke dag", "hvilke dager", "hva dag",
                "hvilken dato", "hva dato", "dato", "datoen", "dag", "dagen", "dager", "snart", "neste", "måned",
                "måneden", "mnd", .. TimeWords,
            ]),
            new("Arrive", 0.2, Anchor: false,
                ["kommer", "komme", "kom", "inn", "konto", "kontoen", "kortet", "bankkonto", "bankkontoen", "får", "få"]),
            new("Nav", 0.15, Anchor: false, ["nav", "dere"]),
        ]),
        new(QuestionTopic.Apningstider,
        [
            new("Core", 0.85, Anchor: true, ["åpnings tid", "åpnings tider", "åpningstid", "opningstid", "åpen tid", "åpne tider"])
            {
                Stems = ["åpningstid", "opningstid"],
                Fuzzy = ["åpningstid", "åpningstider", "åpningstidene", "åpningstiden", "opningstider"],
            },
            new("Open", 0.45, Anchor: true,
            [
                "åpen", "åpent", "åpne", "åpner", "åpnar", "åpnes", "opent", "open", "opne", "opnar", "opner", "stenger",
                "stengt", "stenge", "stengd", "stengte", "stenges", "steng", "lukker", "lukket", "lukka", "lukke", "lukkes",
            ])
            {
                NotBefore = NotOpeningHours,
                BlockedBy = OtherPlaces,
                UnlessAlso = NavPlaces,
            },
            new("Place", 0.3, Anchor: false,
            [
                "nav", "kontoret", "navkontoret", "nav kontoret", "kontor", "kontorene", "publikumsmottak",
                "publikumsmottaket", "mottaket", "servicesenter", "servicesenteret", "resepsjonen", "dere",
            ]),
            new("Time", 0.3, Anchor: false,
            [
                "når", "hva tid", "hvilken tid", "hvilke tider", "hvilken dag", "hvilke dager", "hvilke dag", "dager",
                "hvor lenge", "tid", "nå", "sent", "seint", .. TimeWords,
            ]),
        ]),
        new(QuestionTopic.Aktivitetsplan,
        [
            new("Core", 0.85, Anchor: true, ["aktivitets plan", "aktivitets planen", "aktivitetplan"])
            {
                Stems = ["aktivitetsplan"],
                Fuzzy = ["aktivitetsplan", "aktivitetsplanen", "aktivitetsplaner"],
            },
            new("Plan", 0.45, Anchor: true,
                ["plan", "planen", "planer", "planene", "aktivitet", "aktiviteten", "aktiviteter", "aktivitetene", "aktiviteta"])
            {
                // Only a definition question lifts these above 0.75: "hva er planen", "hva betyr aktivitet".
                BlockedBy = Set(TimeWords.SelectMany(t => t.Split(' ')).Where(w => w != "i")
                    .Concat(["dag", "morgen", "kveld", "kvelden", "dagen", "uka", "framover", "fremover", "videre", "nå"]).ToArray()),
            },
            new("Definition", 0.35, Anchor: false,
            [
                "hva er", "hva betyr", "hva menes", "hva mener", "hva innebærer", "hva går", "hva står", "hva skal",
                "hva vil det si", "hva slags", "forklar", "forklare", "forklaring", "skjønner ikke", "forstår ikke",
                "hvorfor må", "hvorfor skal", "hvorfor har", "hvordan fungerer", "hvordan virker", "hvordan lager",
                "hvordan lage", "trenger jeg", "må jeg ha", "hva er en", "hva er det",
            ]),
        ]),
        new(QuestionTopic.BankId,
        [
            new("Core", 0.85, Anchor: true,
            [
                "bank id", "bank iden", "kode brikke", "kode brikka", "bank brikke", "min id", "minid", "elektronisk id",
                "elektronisk legitimasjon", "buypass", "commfides",
            ])
            {
                Stems = ["bankid", "kodebrikk", "bankbrikk", "passordkalkulator"],
                Fuzzy = ["bankid", "bankiden", "kodebrikke", "kodebrikka", "kodebrikken", "bankbrikke", "passordkalkulator"],
            },
            new("Login", 0.45, Anchor: true,
            [
                "logge inn", "logg inn", "logger inn", "logget inn", "logga inn", "logge på", "logg på", "logger på",
                "logget på", "logga på", "logge * inn", "logger * inn", "logg * inn", "logget * inn", "logge meg på",
                "logger meg på", "innlogging", "innloggingen", "innlogga", "innlogget", "komme inn", "kommer inn",
                "komme meg inn", "kommer meg inn", "komme * inn på", "kommer ikke inn", "kom ikke inn", "komme ikke inn",
                "kommer meg ikke inn", "får ikke logget inn", "får ikke logga inn", "passord", "passordet", "pinkode", "pinkoden",
                "engangskode", "engangskoden",
            ]),
            new("Place", 0.3, Anchor: false,
            [
                "nav", "nettsiden", "nettsida", "nettside", "nettet", "nett", "min side", "mine sider", "ditt nav", "appen",
                "navappen", "dere",
            ]),
            new("How", 0.3, Anchor: false,
            [
                "hvordan", "klarer ikke", "får ikke", "kommer ikke", "greier ikke", "klarte ikke", "fikk ikke", "funker ikke",
                "virker ikke", "fungerer ikke", "hjelp", "problem", "problemer", "uten",
            ]),
        ]),
        new(QuestionTopic.KontaktVeileder,
        [
            new("Person", 0.45, Anchor: true,
            [
                "veileder", "veilederen", "veiledern", "veiledar", "veiledaren", "veiledarn", "rettleiar", "rettleiaren",
                "rettleier", "rettleieren", "saksbehandler", "saksbehandleren", "saksbehandlern", "saksbehandlar",
                "saksbehandlaren", "kontaktperson", "kontaktpersonen", "veiledere", "veilederne", "nav veileder",
                "navveileder", "navveilederen",
            ])
            {
                Fuzzy = ["veileder", "veilederen", "saksbehandler", "saksbehandleren", "kontaktperson", "kontaktpersonen"],
            },
            new("Contact", 0.45, Anchor: true,
            [
                "snakke", "snakk", "snakker", "prate", "prat", "prater", "ringe", "ring", "ringer", "ringa", "kontakte",
                "kontakt", "kontakta", "kontakter",
                "få tak i", "få takk i", "få tak på", "få takk på", "tak i", "takk i", "treffe", "sende melding",
                "sende en melding", "skrive til", "skrive med", "chatte", "nummer", "nummeret", "nr", "nummere",
                "telefonnummer", "telefonnummeret", "tlf", "tlfnr", "telefon", "telefonen", "mobilnummer", "mobilnummeret",
                "epost", "eposten", "mail", "mailen", "mailadresse", "epostadresse",
            ])
            {
                Fuzzy = ["telefonnummer", "telefonnummeret", "mobilnummeret"],
            },
            new("Target", 0.3, Anchor: false,
                ["nav", "dere", "nav kontoret", "kontoret", "navkontoret", "et menneske", "menneske", "en person", "person"]),
        ]),
    ];

    /// <summary>Every fuzzy word, to the topic and slot it belongs to (for <see cref="Folding.TryFuzzy{T}"/>).</summary>
    public static FrozenDictionary<string, string> FuzzyTargets { get; } = All
        .SelectMany(t => t.Slots.SelectMany(s => s.Fuzzy.Select(f => (Word: f, Id: Id(t.Topic, s.Name)))))
        .ToFrozenDictionary(x => x.Word, x => x.Id, StringComparer.Ordinal);

    /// <summary>Real words a typo or two from a fuzzy word.</summary>
    public static FrozenSet<string> NotTypos { get; } = Set(
        "veiledet", "veiledes", "veiledning", "veiledningen", "betalte", "betalt", "bankier", "banket");

    public static string Id(QuestionTopic topic, string slot) => $"{topic}.{slot}";

    private static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);
}
