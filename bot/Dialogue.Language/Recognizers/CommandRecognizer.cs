using System.Collections.Frozen;

namespace Dialogue.Language;

/// <summary>
/// STOPP, AVBRYT, HJELP, VEILEDER and START — also misspelt ("stpp", "avbyt", "hjlep", "veilder") — but only when the
/// whole message is essentially the command: "stopp!", "jeg vil avbryte", "kan jeg få hjelp?", "snakke med et menneske".
/// A sentence that merely contains the word ("jeg trenger hjelp med cv", "bussen stoppet", "veilederen min sa at …",
/// "ikke stopp") is not a command.
/// </summary>
/// <remarks>
/// Emoji and politeness ("jeg vil", "kan jeg få", "please", "takk", "vær så snill", "hei") are removed; what is left must be
/// one of the command phrases, or a single word of five letters or more one typo from a command word.
/// <para>
/// Asking for a person (<see cref="GlobalCommand.Human"/>) is also said in many everyday ways, in at most eight words:
/// "snakke med et menneske", "vil prate med veilederen min", "snakke med noen på nav", "ring meg", "ring mæ",
/// "kan noen ringe meg?", "kan dere ringe meg i morgen", "vil bli ringt opp". Only a request counts: something said
/// about a call ("jeg skal ringe legen", "ringte meg i går", "hun ringer meg alltid", "ikke ring meg") or about the
/// veileder ("veilederen min sa at …", "jeg skal snakke med veilederen i morgen") is not.
/// </para>
/// </remarks>
public static class CommandRecognizer
{
    private static readonly FrozenSet<string> Fillers = FrozenSet.ToFrozenSet(
    [
        "jeg", "vil", "kan", "få", "please", "pls", "plz", "takk", "gjerne", "bare", "hei", "heisann", "hallo", "ok",
        "nå", "vær", "være", "så", "snill", "du", "ønsker",
    ], StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, GlobalCommand> Phrases = Table(
        (GlobalCommand.Stop,
        [
            "stopp", "stop", "stpp", "sttopp", "stoppe", "stans", "stanse", "avslutt", "avslutte", "avslut",
            "slutt", "quit", "exit", "unsubscribe", "stopp alt", "stopp det", "stopp samtalen", "avslutt samtalen",
            "stopp meldinger", "stopp sms", "meld av", "meld meg av", "stopp å sende",
        ]),
        (GlobalCommand.Cancel,
        [
            "avbryt", "avbryte", "avbrytt", "avbyt", "avbryt det", "avbryt alt", "angre", "cancel", "glem det", "glem det der",
        ]),
        (GlobalCommand.Help,
        [
            "hjelp", "hjelpp", "hjlep", "hjelpe", "help", "hjelp meg", "hjelpe meg", "meny", "hva skrive", "hva svare",
            "hva kan jeg skrive", "hva skal jeg skrive", "hva kan jeg svare", "hva skal jeg svare", "hva skal skrive",
            "hva skal svare", "instruksjoner", "bruksanvisning",
        ]),
        (GlobalCommand.Start,
        [
            "start", "starte", "begynn", "begynne", "start igjen", "start på nytt", "starte på nytt", "starte igjen",
            "begynn på nytt", "begynne på nytt", "begynn igjen", "begynne igjen", "på nytt", "restart", "omstart",
            "start om igjen", "fra start", "fra begynnelsen", "reset",
        ]));

    /// <summary>Single words one typo may stand for (five letters or more, same first letter).</summary>
    private static readonly FrozenDictionary<string, GlobalCommand> TypoTargets = Table(
        (GlobalCommand.Stop, ["stopp", "avslutt", "avslutte"]),
        (GlobalCommand.Cancel, ["avbryt", "avbryte"]),
        (GlobalCommand.Help, ["hjelp"]),
        (GlobalCommand.Human, ["veileder", "veilederen", "veiledar", "rettleiar", "rettleier", "menneske"]),
        (GlobalCommand.Start, ["begynn"]));

    /// <summary>Real words one typo away from a command word.</summary>
    private static readonly FrozenSet<string> NotTypos = FrozenSet.ToFrozenSet(
    [
        "stoppa", "stopper", "stoppet", "hjelpe", "hjelper", "hjelpa", "hjelm", "hjem", "begynt", "begynte", "begynne",
        "starter", "startet", "avbrutt", "mennesker", "veiledere", "slitt", "avsluttet", "avslutter", "stupp",
    ], StringComparer.Ordinal);

    // "snakke med et menneske", "vil snakke med noen", "kontakt veileder", "ekte person".
    private static readonly FrozenSet<string> TalkVerbs = FrozenSet.ToFrozenSet(
        [
            "snakke", "snakk", "snakka", "prate", "prat", "prata", "chatte", "chat", "skrive", "kontakt", "kontakte", "ringe",
            "ringa", "treffe", "møte",
        ],
        StringComparer.Ordinal);

    private static readonly FrozenSet<string> Determiners = FrozenSet.ToFrozenSet(
        ["en", "et", "ei", "ein", "eit", "min", "mi", "ekte", "levende", "ordentlig", "vanlig"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> HumanNouns = FrozenSet.ToFrozenSet(
    [
        "veileder", "veilederen", "veiledern", "veilder", "veiledar", "veiledaren", "rettleiar", "rettleier", "rettleiaren",
        "rettleieren", "vejleder", "menneske", "mennesket", "person", "personen", "saksbehandler", "saksbehandleren",
        "human", "agent", "menneskje", "ansatt", "kontaktperson", "kontaktpersonen",
    ], StringComparer.Ordinal);

    /// <summary>Only in a request for a person: "kan jeg få snakke med …", "har lyst til å snakke med …", "kunne noen ringe meg".</summary>
    private static readonly FrozenSet<string> RequestFillers = FrozenSet.ToFrozenSet(
        ["får", "kunne", "ville", "gjerne", "å", "lyst", "ha", "snart", "fort", "raskt", "asap", "please"], StringComparer.Ordinal);

    /// <summary>"snakke med noen på nav", "kan noen fra nav ringe meg": the office named after who the person wants.</summary>
    private static readonly FrozenSet<string> AtNav = FrozenSet.ToFrozenSet(["på", "fra", "hos", "i"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Possessives = FrozenSet.ToFrozenSet(["min", "mi", "mitt", "vår"], StringComparer.Ordinal);

    /// <summary>"ring", "ringe", west-coast "ringa", and the usual slips; never the past ("ringte", "ringt").</summary>
    private static readonly FrozenSet<string> CallVerbs = FrozenSet.ToFrozenSet(
        ["ring", "ringe", "ringa", "rign", "rnig", "ringg", "rinng", "rinhe", "call"], StringComparer.Ordinal);

    /// <summary>Who is asked to call: "noen", "dere", "nav", a veileder.</summary>
    private static readonly FrozenSet<string> CallSubjects = FrozenSet.ToFrozenSet(["noen", "dere", "nav"], StringComparer.Ordinal);

    /// <summary>"meg" after the normalizer ("mæ", "mej" → "meg"), plus "me", "mg", "mig", "meh".</summary>
    private static readonly FrozenSet<string> Me = FrozenSet.ToFrozenSet(["meg", "me", "mg", "mig", "meh", "megg"], StringComparer.Ordinal);

    /// <summary>What may follow "ring meg": when ("i morgen formiddag", "etter kl 12", "på fredag"), "opp", "tilbake".</summary>
    private static readonly FrozenSet<string> WhenWords = FrozenSet.ToFrozenSet(
    [
        "opp", "tilbake", "i", "på", "dag", "morgen", "overmorgen", "kveld", "formiddag", "ettermiddag", "tidlig", "etter",
        "før", "kl", "klokka", "klokken", "rundt", "ca", "neste", "uke", "uka", "denne", "om", "en", "time", "halvtime",
        "litt", "senere", "seinere", "helst", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
        "lunsj", "lunch", "når", "som", "det", "passer", "har", "tid",
    ], StringComparer.Ordinal);

    public static GlobalCommand? Recognize(string? text)
    {
        var words = NorwegianNormalizer.Analyze(text).Where(t => !t.IsSymbol).Select(t => t.Text).ToList();
        if (words.Count is 0 or > 8)
        {
            return null;
        }

        var whole = string.Join(' ', words);
        if (Phrases.TryGetValue(whole, out var command))
        {
            return command;
        }

        if (IsHuman(words))
        {
            return GlobalCommand.Human;
        }

        // "stopp stopp", "jeg vil avbryte", "kan jeg få hjelp".
        var core = words.Where((w, i) => !Fillers.Contains(w) && (i == 0 || w != words[i - 1])).ToList();
        if (core.Count == 0)
        {
            return null;
        }

        if (Phrases.TryGetValue(string.Join(' ', core), out command))
        {
            return command;
        }

        if (core.Count == 1 && core[0].Length >= 5 && !NotTypos.Contains(core[0])
            && Folding.TryFuzzy(core[0], TypoTargets, minLength: 5, out command)
            && TypoTargets.Any(t => t.Value == command && t.Key[0] == core[0][0]))
        {
            return command;
        }

        return null;
    }

    /// <summary>A request for a person: to talk to one, or to be called.</summary>
    private static bool IsHuman(List<string> words)
    {
        var rest = RequestWords(words);
        return rest.Count > 0 && (IsTalkRequest(rest) || IsCallRequest(rest));
    }

    /// <summary>
    /// The words that carry a request for a person: politeness and "på nav"/"fra nav" after a word removed, a trailing
    /// "min" after the person kept out ("veilederen min" → "veilederen").
    /// </summary>
    private static List<string> RequestWords(List<string> words)
    {
        var rest = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var next = i + 1 < words.Count ? words[i + 1] : null;

            // "vil" after someone else is what they intend ("veilederen vil ringe meg"), not the person's wish.
            if (word == "vil" && rest.Count > 0 && (CallSubjects.Contains(rest[^1]) || IsPersonNoun(rest[^1])))
            {
                rest.Add(word);
                continue;
            }

            if (Fillers.Contains(word) || RequestFillers.Contains(word)
                || (word == "har" && next == "lyst") || (word == "til" && next == "å"))
            {
                continue;
            }

            // "noen på nav", "noen fra nav": the person is the word before. "nav" itself only counts after a verb
            // ("snakke med nav", "ringe nav"); elsewhere it just says where ("kan nav ringe meg", "nav veileder").
            if (rest.Count > 0 && AtNav.Contains(word) && next == "nav")
            {
                i++;
                continue;
            }

            if (word == "nav" && !(rest.Count > 0 && (TalkVerbs.Contains(rest[^1]) || rest[^1] is "med" or "til" or "me")))
            {
                continue;
            }

            if (Possessives.Contains(word) && rest.Count > 0 && IsPersonNoun(rest[^1]))
            {
                continue;
            }

            rest.Add(word);
        }

        return rest;
    }

    /// <summary>[verb] [med/til] [determiner] noun, with "noen" and "nav" only after a verb: "snakke med noen".</summary>
    private static bool IsTalkRequest(List<string> rest)
    {
        var i = 0;
        var verb = false;
        if (TalkVerbs.Contains(rest[i]))
        {
            verb = true;
            i++;
        }

        if (i < rest.Count && rest[i] is "med" or "til" or "me")
        {
            i++;
        }

        while (i < rest.Count && Determiners.Contains(rest[i]))
        {
            i++;
        }

        if (i != rest.Count - 1)
        {
            return false;
        }

        var noun = rest[i];
        return IsPersonNoun(noun) || (verb && noun is "noen" or "folk" or "nav");
    }

    /// <summary>
    /// "ring meg", "kan noen ringe meg", "kan veilederen ringe meg i morgen", "vil at dere ringer meg", "ring tilbake",
    /// "vil bli ringt opp": [at] [who] [må/kan] verb [til] meg, then only words that say when. Never the past or a
    /// statement about someone ("ringte meg", "hun ringer meg alltid", "veilederen skal ringe meg").
    /// </summary>
    private static bool IsCallRequest(List<string> rest)
    {
        var i = 0;
        var subordinate = false;
        if (rest[i] == "at")
        {
            subordinate = true;
            i++;
        }

        // Who: "noen", "dere", "nav", "veilederen", "en veileder".
        var j = i;
        while (j < rest.Count && Determiners.Contains(rest[j]))
        {
            j++;
        }

        if (j < rest.Count && (CallSubjects.Contains(rest[j]) || IsPersonNoun(rest[j])))
        {
            i = j + 1;
        }

        if (i < rest.Count && rest[i] is "må" or "bør")
        {
            i++;
        }

        if (i >= rest.Count)
        {
            return false;
        }

        // "bli ringt", "bli ringt opp", "bli oppringt".
        if (rest[i] == "bli" && i + 1 < rest.Count && rest[i + 1] is "ringt" or "oppringt" or "kontaktet")
        {
            return OnlyWhen(rest, i + 2);
        }

        if (!(CallVerbs.Contains(rest[i]) || (subordinate && rest[i] == "ringer")))
        {
            return false;
        }

        i++;
        if (i < rest.Count && rest[i] == "til" && i + 1 < rest.Count && Me.Contains(rest[i + 1]))
        {
            i++;
        }

        if (i < rest.Count && Me.Contains(rest[i]))
        {
            return OnlyWhen(rest, i + 1);
        }

        // "ring tilbake", "kan dere ringe opp".
        return i < rest.Count && rest[i] is "tilbake" or "opp" && OnlyWhen(rest, i + 1);
    }

    private static bool OnlyWhen(List<string> rest, int from) =>
        rest.Skip(from).All(w => WhenWords.Contains(w) || w.All(char.IsAsciiDigit) || w.Contains(':', StringComparison.Ordinal) || w.Contains('.', StringComparison.Ordinal));

    private static bool IsPersonNoun(string word) =>
        HumanNouns.Contains(word)
        || (word.Length >= 6 && !NotTypos.Contains(word) && Folding.TryFuzzy(word, TypoTargets, minLength: 6, out var c) && c == GlobalCommand.Human);

    private static FrozenDictionary<string, GlobalCommand> Table(params (GlobalCommand Command, string[] Phrases)[] groups)
    {
        var map = new Dictionary<string, GlobalCommand>(StringComparer.Ordinal);
        foreach (var (command, phrases) in groups)
        {
            foreach (var phrase in phrases)
            {
                map.Add(phrase, command);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
