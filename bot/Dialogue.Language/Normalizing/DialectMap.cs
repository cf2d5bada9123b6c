using System.Collections.Frozen;

namespace Dialogue.Language;

/// <summary>
/// Dialect, nynorsk, SMS and "æøå-less" spellings mapped word by word to the bokmål form the recognizers expect.
/// A canonical form may be several words ("vetikke" → "vet ikke"). Words whose meaning depends on their neighbours
/// ("e", "no", "morra") are handled by <see cref="NorwegianNormalizer"/> itself.
/// Keys are written as they look after letters repeated three or more times are collapsed.
/// </summary>
internal static class DialectMap
{
    private static readonly (string Canonical, string[] Forms)[] Groups =
    [
        // Pronouns and the most common small words.
        ("jeg", ["æ", "eg", "jæ", "je", "jei", "jg", "jej", "jæi"]),
        ("meg", ["mæ", "mæg", "mej", "mei"]),
        ("deg", ["dæ", "dæg", "dej"]),
        ("seg", ["sæ", "sæg", "sej"]),
        ("hun", ["ho", "hu", "hon"]),
        ("de", ["dei"]),
        ("dere", ["dokker", "dokk", "dykk", "dåkker"]),
        ("det", ["d"]),
        ("ikke", ["ikkje", "itj", "ikk", "ik", "ikkj", "ittj", "ittje", "iktje", "ike", "ikek", "kke", "ikkeh", "ikje", "itte"]),
        ("ikke noe", ["ikkeno", "ikkno", "itjno", "ittno", "ikkenoe", "ikkjeno", "ikkjenoko", "itjnå", "ikkenå"]),
        ("vet ikke", ["vetikke", "vetikkje", "veitikkje", "veitikke", "vetke", "vettke", "veitkje", "vetsikke", "vetikk", "vettikke", "veitte", "vetitj", "vetittj"]),
        ("hva", ["ka", "kva", "kæ", "hv", "hvaa", "hvæ", "hvah"]),
        ("hvor", ["kor", "kvar", "hvorr"]),
        ("hvordan", ["korleis", "kordan", "koss", "korsn", "kossen", "åssen", "assen", "hvorsen", "hvordn", "kordn", "åsså"]),
        ("hvem", ["kem", "kæm", "kven", "hvæm"]),
        ("hvorfor", ["kvifor", "koffor", "kofor", "korfor", "hvorfår", "åffer", "koffer"]),
        ("når", ["nar", "naar"]),
        ("noe", ["noko", "nåkka", "nokka", "noka", "noge", "någe", "nåke", "nåkå", "nokke"]),
        ("noen", ["nokon", "nåkon", "nokken", "nåkken", "nokre"]),
        ("selv", ["sjøl", "sjølv"]),
        ("bare", ["berre", "bærre"]),
        ("mye", ["mykje", "mykkje", "møkje", "mykji", "mykkji", "møye"]),
        ("hele", ["heile"]),
        ("gikk", ["gjekk"]),
        ("siden", ["sidan"]),
        ("alene", ["aleina", "aleine", "åleine", "aleinn"]),
        ("ennå", ["enno", "ennu"]),
        ("ok", ["okei", "okey", "okay", "oki", "okej", "oukei", "okk", "okkei", "okeii", "okai", "oky", "okeh", "okidoki"]),
        ("takk", ["tak"]),
        ("tusen takk", ["tusentakk", "tusentak"]),

        // Verbs.
        ("skal", ["ska", "skar"]),
        ("skulle", ["sku", "skull"]),
        ("vil", ["vill"]),
        ("må", ["ma", "maa"]),
        ("få", ["fa"]),
        ("går", ["gar"]),
        ("vet", ["veit", "vett"]),
        ("tror", ["trur", "trorr"]),
        ("kommer", ["kjem", "kjæm", "kjæmm", "kommr"]),
        ("komme", ["kome", "kåmme"]),
        ("gjør", ["gjer", "gjor"]),
        ("gjøre", ["gjere", "gjera", "gjore"]),
        ("være", ["vere", "vera"]),
        ("ble", ["blei", "vart"]),
        ("bli", ["bi"]),
        ("trenger", ["treng"]),
        ("kjøre", ["kjore"]),
        ("prøve", ["prove"]),
        ("prøver", ["prover"]),
        ("føler", ["foler"]),
        ("håper", ["haper"]),
        ("skjønner", ["skjonner", "skjønnr"]),
        ("hjelp", ["hjelpa", "hjælp", "hjølp"]),

        // Places, health, money.
        ("hjem", ["heim"]),
        ("hjemme", ["heime"]),
        ("syk", ["sjuk"]),
        ("syke", ["sjuke"]),
        ("sykt", ["sjukt"]),
        ("sykmeldt", ["sjukmeldt", "sjukemeldt", "sykemeldt"]),
        ("sykehus", ["sjukehus"]),
        ("dårlig", ["darlig", "darli", "dårli", "dårleg", "darleg", "dålig"]),
        ("søknad", ["soknad"]),
        ("støtte", ["stotte"]),
        ("stønad", ["stonad"]),
        ("økonomi", ["okonomi"]),
        ("ønsker", ["onsker"]),
        ("ønske", ["onske"]),
        ("spørsmål", ["sporsmal", "sporsmaal", "spørsmal"]),
        ("trøtt", ["trott"]),
        ("måned", ["maned", "månad"]),
        ("måneder", ["maneder", "månader"]),
        ("første", ["forste", "fyrste"]),
        ("først", ["forst", "fyrst"]),
        ("også", ["ogsa"]),
        ("på", ["pa", "paa"]),
        ("nå", ["na", "naa"]),
        ("små", ["sma"]),
        ("åpen", ["apen"]),
        ("åpne", ["apne"]),

        // Time words written together or without æøå.
        ("i dag", ["idag"]),
        ("i morgen", ["imorgen", "imorra", "imårra", "imorn", "imårn", "imoro", "imårå", "imorrå", "imorgon", "imora", "imåra", "imorgn"]),
        ("i overmorgen", ["iovermorgen", "iovermorra", "overimorgen", "iovermårra"]),
        ("i går", ["igår", "igar", "igaar"]),
        ("i kveld", ["ikveld", "ikvell", "ikvæll", "ikveldn"]),
        ("i natt", ["inatt"]),
        ("i morges", ["imorges", "imårres"]),
        ("i ettermiddag", ["iettermiddag"]),
        ("lørdag", ["lordag", "laurdag"]),
        ("søndag", ["sondag", "sundag"]),
        ("mandag", ["måndag"]),
        ("tirsdag", ["tysdag"]),
        ("åtte", ["atte"]),
        ("åtti", ["atti"]),
    ];

    /// <summary>Spelling → canonical bokmål (one or more words separated by a space).</summary>
    public static FrozenDictionary<string, string> Forms { get; } = Build();

    public static string Map(string word) => Forms.TryGetValue(word, out var canonical) ? canonical : word;

    private static FrozenDictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (canonical, forms) in Groups)
        {
            foreach (var form in forms)
            {
                if (!map.TryAdd(form, canonical))
                {
                    throw new InvalidOperationException($"The dialect form '{form}' is listed twice.");
                }
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
