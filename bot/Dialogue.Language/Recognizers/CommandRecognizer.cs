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
        ["snakke", "snakk", "prate", "prat", "chatte", "chat", "skrive", "kontakt", "kontakte", "ringe", "treffe", "møte"],
        StringComparer.Ordinal);

    private static readonly FrozenSet<string> Determiners = FrozenSet.ToFrozenSet(
        ["en", "et", "ei", "ein", "eit", "min", "mi", "ekte", "levende", "ordentlig", "vanlig"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> HumanNouns = FrozenSet.ToFrozenSet(
    [
        "veileder", "veilederen", "veiledern", "veilder", "veiledar", "veiledaren", "rettleiar", "rettleier", "rettleiaren",
        "rettleieren", "vejleder", "menneske", "mennesket", "person", "personen", "saksbehandler", "saksbehandleren",
        "human", "agent", "menneskje",
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

    /// <summary>[verb] [med/til] [determiner] noun, with "noen" only after a verb: "snakke med noen".</summary>
    private static bool IsHuman(List<string> words)
    {
        var rest = words.Where(w => !Fillers.Contains(w) && w != "nav").ToList();
        if (rest.Count == 0)
        {
            return false;
        }

        var i = 0;
        var verb = false;
        if (i < rest.Count && TalkVerbs.Contains(rest[i]))
        {
            verb = true;
            i++;
        }

        if (i < rest.Count && rest[i] is "med" or "til")
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
        return HumanNouns.Contains(noun)
            || (verb && noun is "noen" or "folk")
            || (noun.Length >= 6 && !NotTypos.Contains(noun) && Folding.TryFuzzy(noun, TypoTargets, minLength: 6, out var c) && c == GlobalCommand.Human);
    }

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
