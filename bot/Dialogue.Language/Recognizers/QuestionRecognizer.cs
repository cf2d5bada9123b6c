using System.Collections.Frozen;

namespace Dialogue.Language;

/// <summary>The general questions the bot can answer itself.</summary>
public enum QuestionTopic
{
    /// <summary>How, when and by when to send the meldekort; what to do if it was forgotten.</summary>
    Meldekort,

    /// <summary>When NAV pays out ("når kommer pengene", "utbetalingsdag").</summary>
    Utbetaling,

    /// <summary>When the NAV office is open.</summary>
    Apningstider,

    /// <summary>What the activity plan is.</summary>
    Aktivitetsplan,

    /// <summary>BankID, code chip, MinID, logging in to nav.no.</summary>
    BankId,

    /// <summary>How to reach the veileder or saksbehandler.</summary>
    KontaktVeileder,
}

/// <summary>
/// A recognised general question. <see cref="Confidence"/> is 0.75..0.97; <see cref="Signals"/> are the words of the message
/// (normalized: lower case, dialect mapped to bokmål, "ka" → "hva") that pointed to the topic, in the order they were written.
/// </summary>
public sealed record QuestionMatch(QuestionTopic Topic, double Confidence, IReadOnlyList<string> Signals);

/// <summary>
/// Recognizes general questions the bot can answer (meldekort, utbetaling, åpningstider, aktivitetsplan, BankID, how to reach
/// the veileder) in dialect, with typos and without æøå — and stays silent on questions about the person's own case, which
/// belong to a human: "hvorfor har jeg ikke fått pengene mine", "har dere fått meldekortet mitt", "er søknaden min behandla".
/// </summary>
/// <remarks>
/// Each topic has slots of evidence (<see cref="QuestionTopics"/>): a topic word ("meldekort", "utbetaling", "bankid"; 0.8–0.85),
/// or a weaker word (0.45: "pengene", "åpent", "ringe", "veilederen", "logge inn") that needs context to reach 0.75
/// ("når", "kommer", "nav", "i dag", "hva er"). A message in question form adds 0.05. The message is not a general question
/// when it is personal (own money, own case, a status of their case), when it is a report of what the person
/// did ("jeg sendte meldekortet i går", "jeg har bankid"), when no topic reaches 0.75, or when two topics are within 0.15
/// of each other.
/// </remarks>
public static class QuestionRecognizer
{
    private const double MinimumConfidence = 0.75;
    private const double MaximumConfidence = 0.97;
    private const double QuestionBonus = 0.05;
    private const double TieMargin = 0.15;
    private const double RivalFloor = 0.6;

    private static readonly FrozenSet<string> QuestionWords = Set(
        "hva", "hvor", "hvordan", "hvorfor", "hvem", "hvilken", "hvilke", "hvilket", "hvorledes",
        // Dialect forms the normalizer leaves alone.
        "kossn", "kåssen", "kåss", "koleis", "kolles", "kaffor", "kafor", "kvafor", "kæffer", "kaffer", "kvarfor",
        "håssen", "hokken", "kossi", "hvaslags");

    /// <summary>Long question words a typo may stand for ("hvordn", "hvofor", "hvilkn").</summary>
    private static readonly FrozenDictionary<string, bool> QuestionWordTypos =
        new[] { "hvordan", "hvorfor", "hvilken", "hvilket" }.ToFrozenDictionary(w => w, _ => true, StringComparer.Ordinal);

    /// <summary>Words before the real start of a question: "hei, når stenger nav", "ok men hvor er kontoret".</summary>
    private static readonly FrozenSet<string> LeadingFillers = Set(
        "hei", "hallo", "heisann", "hallais", "halla", "heia", "hey", "hi", "morn", "morna", "ok", "ja", "nei", "men", "og",
        "så", "eh", "ehm", "hm", "hmm", "altså", "unnskyld", "sorry", "beklager", "du", "dere", "nav", "takk", "god",
        "dag", "morgen", "kveld", "ettermiddag", "hallå");

    /// <summary>A verb first, then a subject, is a yes/no question: "kan jeg", "får man", "er det", "stenger kontoret".</summary>
    private static readonly FrozenSet<string> QuestionVerbs = Set(
        "kan", "kunne", "får", "fikk", "må", "måtte", "skal", "skulle", "vil", "ville", "er", "var", "har", "hadde", "blir",
        "ble", "bør", "burde", "gjelder", "finnes", "fins", "finns", "trenger", "går", "gjør", "gjorde", "kommer", "betaler",
        "stenger", "åpner", "sender", "tar", "vet", "holder", "hjelper", "stemmer", "ringer", "mottar", "koster", "tror",
        "synes", "syns", "husker", "rekker", "pleier", "funker", "fungerer", "virker");

    private static readonly FrozenSet<string> QuestionSubjects = Set(
        "jeg", "du", "dere", "det", "man", "nav", "vi", "han", "hun", "de", "dem", "den", "dette", "der", "noen", "pengene",
        "penga", "pengane", "pengan", "meldekortet", "kontoret", "navkontoret", "veilederen", "saksbehandleren",
        "utbetalingen", "utbetalinga", "søknaden", "bankid", "bankiden", "aktivitetsplanen", "aap", "apoteket", "butikken",
        "møtet", "kurset", "tiltaket", "timen", "brevet", "vedtaket", "meldekortene", "publikumsmottaket");

    /// <summary>"har det bra" is an answer (with the "jeg" left out), not "has it …?".</summary>
    private static readonly FrozenSet<string> WellBeing = Set(
        "bra", "fint", "greit", "ok", "godt", "dårlig", "tungt", "kjipt", "vondt", "topp", "fælt", "jævlig", "bedre",
        "verre", "travelt", "rolig", "gøy", "kjedelig", "ålreit", "helt", "sånn", "middels", "supert", "flott");

    /// <summary>"når jeg kommer hjem": a clause, not a question.</summary>
    private static readonly FrozenSet<string> ClauseSubjects = Set(
        "jeg", "du", "vi", "han", "hun", "de", "man", "det", "dere", "en", "folk", "dem", "ting", "alt");

    /// <summary>Dialect "nå" for "når" before a verb: "nå e nav opent", "nå kommer pengene".</summary>
    private static readonly FrozenSet<string> WhenVerbs = Set(
        "er", "kommer", "stenger", "åpner", "betaler", "begynner", "slutter", "skal", "må", "får", "kan", "blir", "utbetales",
        "sendes", "stengte", "åpnes", "stenges");

    /// <summary>After "e": a verb or an adverb means "e" is "jeg" ("e kommer", "e ikkje"); anything else means "er" ("når e nav opent").</summary>
    private static readonly FrozenSet<string> VerbsAfterJeg = Set(
        "kommer", "kom", "har", "hadde", "skal", "skulle", "kan", "kunne", "vil", "ville", "må", "måtte", "får", "fikk", "er",
        "var", "blir", "ble", "går", "gikk", "gjør", "gjorde", "tror", "trodde", "vet", "visste", "trenger", "sender",
        "sendte", "ringer", "ringte", "snakker", "snakket", "jobber", "bor", "liker", "synes", "syns", "føler", "tenker",
        "heter", "fant", "lurer", "lurte", "ønsker", "orker", "klarer", "klarte", "husker", "glemte", "glemmer", "sliter",
        "sitter", "satt", "står", "ligger", "lå", "bruker", "prøver", "prøvde", "håper", "mener", "sa", "sier", "spør",
        "fylte", "leverte", "søker", "søkte", "venter", "drar", "dro", "tar", "tok", "mistet", "mista", "sov", "hørte",
        "skjønner", "forstår", "greier", "gidder", "ikke", "jo", "bare", "også", "nok", "vel", "aldri", "alltid", "ofte",
        "egentlig", "kanskje", "nettopp", "akkurat", "snart", "fortsatt", "allerede", "visst", "sikkert", "heller", "og");

    // ----- Personal questions -----

    private static readonly FrozenSet<string> Possessives = Set("min", "mi", "mitt", "mine", "minn");

    private static readonly FrozenSet<string> NotAfterPossessive = Set(
        "om", "på", "til", "fra", "med", "i", "for", "og", "sa", "har", "er", "skal", "kan", "vil", "at", "som");

    private static readonly FrozenSet<string> CaseWords = Set(
        "sak", "saken", "saka", "svar", "svaret", "brev", "brevet", "konto", "kontoen", "kontonummer", "kontonummeret",
        "timen");

    private static readonly string[] CaseStems = ["søknad", "soknad", "vedtak", "klage"];

    private static readonly FrozenSet<string> FirstPerson = Set("jeg", "vi");

    private static readonly FrozenSet<string> Negations = Set("ikke", "aldri");

    /// <summary>"har ikke fått", "fikk ikke" (with any case word).</summary>
    private static readonly FrozenSet<string> Received = Set("fått", "fåt", "fatt", "fikk", "mottatt", "motatt", "sett");

    /// <summary>"pengene har ikke kommet", "kom ikke inn" (only with money).</summary>
    private static readonly FrozenSet<string> Arrived = Set("kommet", "komt", "kom", "kommer", "gått", "gikk", "dukket");

    private static readonly FrozenSet<string> Receive = Set("får", "få", "fått", "fikk", "mottar", "motta", "mottatt", "motatt");

    /// <summary>"har dere fått", "har nav mottatt", "fikk du meldekortet".</summary>
    private static readonly FrozenSet<string> Addressees = Set("dere", "nav", "du");

    private static readonly FrozenSet<string> HandledParticiples = Set(
        "fått", "mottatt", "motatt", "fikk", "sett", "registrert", "behandlet", "behandla", "godkjent");

    private static readonly FrozenSet<string> PaidParticiples = Set("betalt", "utbetalt", "sendt", "overført");

    private static readonly FrozenSet<string> StatusWords = Set(
        "behandlet", "behandla", "behandlat", "behandlinga", "behandlingen", "godkjent", "godkjend", "godkjennt", "avslått",
        "avslag", "avslaget", "avvist", "innvilget", "innvilga", "registrert", "mottatt", "motatt", "stoppet", "stoppa",
        "stanset", "stansa", "trukket", "trekt", "trekk", "trekket", "forsinket", "forsinka", "feilutbetaling",
        "tilbakebetale", "tilbakebetaling", "forsvunnet", "borte");

    private static readonly FrozenSet<string> AmountWords = Set(
        "mindre", "lite", "lavere", "høyere", "beløp", "beløpet", "beløpa", "summen", "feil", "dobbelt", "halvparten");

    private static readonly FrozenSet<string> CostWords = Set("koster", "koste", "kostar", "kosta", "kostet");

    private static readonly FrozenSet<string> SentWords = Set("sendt", "sendte", "levert", "leverte", "fylt", "fylte");

    // ----- Reports: answers about what the person did, not questions -----

    private static readonly FrozenSet<string> ReportVerbs = Set(
        "har", "hadde", "snakket", "snakka", "pratet", "prata", "ringte", "ringt", "sendte", "sendt", "leverte", "fylte",
        "møtte", "traff", "var", "skal", "skulle", "kommer", "gikk", "tok", "fikk", "er", "ble", "bruker", "brukte", "pleier",
        "fant", "drar", "dro");

    private static readonly FrozenSet<string> DoneWords = Set(
        "sendt", "levert", "sendte", "leverte", "fylte", "fylt", "ringte", "ringt", "snakket", "snakka", "pratet", "prata",
        "møtte", "traff", "sa", "sagt", "fortalte", "skrev");

    /// <summary>A problem or a wish turns a report into a request: "jeg har mistet bankid", "jeg vil snakke med veileder".</summary>
    private static readonly FrozenSet<string> ProblemWords = Set(
        "ikke", "aldri", "ingen", "glemt", "glemte", "glemmer", "glemme", "mistet", "mista", "miste", "mister", "klarer",
        "klarte", "greier", "finner", "vil", "ønsker", "trenger", "må", "måtte", "lurer", "lurte", "hjelp", "skjønner",
        "forstår", "vet", "usikker", "problem", "problemer", "feil", "sperret", "sperra", "utløpt", "utgått", "virker",
        "fungerer", "funker", "stjålet", "borte", "mangler", "ny", "nytt");

    private static readonly char[] QuestionMarks = ['?', '？', '¿', '❓', '❔', '⁇'];

    private static readonly char[] Joiners = ['-', '\'', '’', '`', '´', '‘'];

    /// <summary>A normalized word, how it was typed (lower case), and whether a sentence or a comma clause starts with it.</summary>
    private readonly record struct Word(string Text, string Raw, bool ClauseStart, bool SentenceStart);

    /// <summary>
    /// The topic of a general question, with confidence ≥ 0.75; null for personal questions, reports, unrelated messages,
    /// and when two topics fit about equally well.
    /// </summary>
    public static QuestionMatch? Recognize(string? text)
    {
        var words = Prepare(text);
        if (words.Count == 0)
        {
            return null;
        }

        var hits = FindCues(words);
        if (IsPersonal(words, hits))
        {
            return null;
        }

        var question = IsQuestion(words, text!);
        if (!question && IsReport(words))
        {
            return null;
        }

        var scored = QuestionTopics.All
            .Select(topic => Score(topic, words, hits, question))
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score)
            .ToList();
        if (scored.Count == 0 || scored[0].Score < MinimumConfidence)
        {
            return null;
        }

        if (scored.Count > 1 && scored[1].Score >= RivalFloor && scored[0].Score - scored[1].Score < TieMargin - 1e-9)
        {
            return null;
        }

        return new QuestionMatch(scored[0].Topic, scored[0].Score, scored[0].Signals);
    }

    /// <summary>
    /// True when the message is probably a question: a question mark; a question word first in a sentence or after a comma
    /// ("ka", "kor", "koss", "åssen", "koffor", "kem", "når" — but not "når jeg kommer hjem"); "nå" for "når" before a verb
    /// ("nå e nav opent"); a verb then a subject ("kan jeg", "får man", "er det", "har dere"); or "lurer på", "spørsmål",
    /// "vet du". Greetings and "ok", "men" before it are skipped.
    /// </summary>
    public static bool LooksLikeQuestion(string? text)
    {
        var words = Prepare(text);
        return words.Count > 0 && IsQuestion(words, text!);
    }

    // ----- Words -----

    private static List<Word> Prepare(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var tokens = NorwegianNormalizer.Analyze(text).Where(t => !t.IsSymbol).ToList();
        var words = new List<Word>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var firstOfWord = i == 0 || tokens[i - 1].Start != token.Start;
            var sentenceStart = token.SentenceStart && firstOfWord;
            var clauseStart = sentenceStart || (firstOfWord && AfterComma(text, token.Start));
            words.Add(new Word(token.Text, text.Substring(token.Start, token.Length).ToLowerInvariant(), clauseStart, sentenceStart));
        }

        for (var i = 0; i < words.Count; i++)
        {
            var next = i + 1 < words.Count ? words[i + 1].Text : null;

            // "når e nav opent", "e det åpent": at the start or after "når", "e" before something that is not a verb is "er".
            if (words[i].Raw == "e" && words[i].Text == "jeg" && next is not null && !VerbsAfterJeg.Contains(next)
                && (words[i].ClauseStart || words[i - 1].Text == "når"))
            {
                words[i] = words[i] with { Text = "er" };
            }

            // "AAP-en" is the benefit, not "åpen".
            if (IsAap(words[i].Raw, next))
            {
                words[i] = words[i] with { Text = "aap" };
            }
        }

        // Dialect "nå" for "når" at the start of a question.
        foreach (var start in ClauseStarts(words))
        {
            var k = SkipFillers(words, start);
            if (k < words.Count && words[k].Raw is "nå" or "na" or "naa" && AsksWhen(words, k))
            {
                words[k] = words[k] with { Text = "når" };
            }
        }

        return words;
    }

    private static bool AfterComma(string text, int start)
    {
        var j = start - 1;
        while (j >= 0 && char.IsWhiteSpace(text[j]))
        {
            j--;
        }

        return j >= 0 && text[j] is ',' or ';';
    }

    private static bool IsAap(string raw, string? next)
    {
        if (!raw.StartsWith("aap", StringComparison.Ordinal) || raw.Length > 7)
        {
            return false;
        }

        var bare = string.Concat(raw.Where(c => Array.IndexOf(Joiners, c) < 0));
        return bare == "aap" || (bare.Length <= 6 && (raw.IndexOfAny(Joiners) > 0 || next is "min" or "mi"));
    }

    private static bool AsksWhen(List<Word> words, int k) =>
        k + 2 < words.Count && !words[k + 1].ClauseStart && WhenVerbs.Contains(words[k + 1].Text)
        && !ClauseSubjects.Contains(words[k + 2].Text);

    private static IEnumerable<int> ClauseStarts(List<Word> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].ClauseStart)
            {
                yield return i;
            }
        }
    }

    /// <summary>The first word at or after <paramref name="start"/> that is not a greeting or filler, within the clause.</summary>
    private static int SkipFillers(List<Word> words, int start)
    {
        var k = start;
        while (k < words.Count && LeadingFillers.Contains(words[k].Text) && (k == start || !words[k].ClauseStart)
               && k + 1 < words.Count && !words[k + 1].ClauseStart)
        {
            k++;
        }

        return k;
    }

    // ----- Question form -----

    private static bool IsQuestion(List<Word> words, string text)
    {
        if (text.IndexOfAny(QuestionMarks) >= 0)
        {
            return true;
        }

        foreach (var start in ClauseStarts(words))
        {
            var k = SkipFillers(words, start);
            if (k < words.Count && AsksAt(words, k, mainClause: words[start].SentenceStart))
            {
                return true;
            }
        }

        return AsksAnywhere(words);
    }

    private static bool AsksAt(List<Word> words, int k, bool mainClause)
    {
        var word = words[k].Text;
        var next = k + 1 < words.Count ? words[k + 1].Text : null;
        var afterNext = k + 2 < words.Count ? words[k + 2].Text : null;
        if (next == "som" && afterNext == "helst")
        {
            // "hva som helst", "når som helst".
            return false;
        }

        if (word == "når")
        {
            return next is null || !ClauseSubjects.Contains(next);
        }

        if (QuestionWords.Contains(word)
            || (word.Length >= 6 && Folding.TryFuzzy(word, QuestionWordTypos, minLength: 6, out _)))
        {
            return true;
        }

        // After a comma a verb first is just word order ("når jeg kommer hjem, skal jeg ringe").
        if (!mainClause || next is null || !QuestionVerbs.Contains(word) || !QuestionSubjects.Contains(next))
        {
            return false;
        }

        return !(word == "har" && next == "det" && afterNext is not null && WellBeing.Contains(afterNext));
    }

    /// <summary>"jeg lurer på …", "jeg har et spørsmål", "vet du …", "noen som vet".</summary>
    private static bool AsksAnywhere(List<Word> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i].Text;
            var next = i + 1 < words.Count ? words[i + 1].Text : null;
            switch (word)
            {
                case "lurer" or "lurte" or "lure":
                case "spørsmål" or "spørsmålet" or "spørre" or "spør"
                    when !words.Skip(Math.Max(0, i - 3)).Take(Math.Min(i, 3)).Any(w => w.Text is "ingen" or "ikke" or "aldri" or "flere"):
                case "vet" when next is "du" or "dere" or "noen":
                case "kan" or "kunne" when next is "du" or "dere" && i + 2 < words.Count && words[i + 2].Text is "si" or "fortelle" or "forklare":
                    return true;
                case "noen" when next == "som" && i + 2 < words.Count && words[i + 2].Text == "vet":
                    return true;
            }
        }

        return false;
    }

    // ----- Topic evidence -----

    /// <summary>Every place each slot matched (slot id → start and length), before BlockedBy is applied.</summary>
    private static Dictionary<string, List<(int Start, int Length)>> FindCues(List<Word> words)
    {
        var fuzzy = new string?[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i].Text;
            if (word.Length >= 6 && !QuestionTopics.NotTypos.Contains(word)
                && Folding.TryFuzzy(word, QuestionTopics.FuzzyTargets, minLength: 6, out var id))
            {
                fuzzy[i] = id;
            }
        }

        var hits = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        foreach (var topic in QuestionTopics.All)
        {
            foreach (var slot in topic.Slots)
            {
                var id = QuestionTopics.Id(topic.Topic, slot.Name);
                var found = new List<(int, int)>();
                for (var i = 0; i < words.Count; i++)
                {
                    if (MatchAt(slot, words, i, fuzzy[i] == id) is { } length)
                    {
                        found.Add((i, length));
                    }
                }

                if (found.Count > 0)
                {
                    hits[id] = found;
                }
            }
        }

        return hits;
    }

    private static int? MatchAt(CueSlot slot, List<Word> words, int i, bool fuzzyHit)
    {
        var best = 0;
        foreach (var parts in slot.PhraseWords)
        {
            if (parts.Length > best && PhraseAt(parts, words, i)
                && !(parts.Length == 1 && i + 1 < words.Count && slot.NotBefore.Contains(words[i + 1].Text)))
            {
                best = parts.Length;
            }
        }

        if (best > 0)
        {
            return best;
        }

        return fuzzyHit || slot.Stems.Any(stem => HasStem(words[i].Text, stem)) ? 1 : null;
    }

    private static bool PhraseAt(string[] parts, List<Word> words, int i)
    {
        if (i + parts.Length > words.Count)
        {
            return false;
        }

        for (var j = 0; j < parts.Length; j++)
        {
            if (parts[j] != "*" && !Folding.SameWord(words[i + j].Text, parts[j]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"meldekortfristen", "utbetalingsdagen"; in a longer word also one typo in the stem ("utbetlaingsdag").</summary>
    private static bool HasStem(string word, string stem)
    {
        var (w, s) = (Folding.Fold(word), Folding.Fold(stem));
        if (w.StartsWith(s, StringComparison.Ordinal))
        {
            return true;
        }

        if (s.Length < 7 || w.Length < s.Length + 2 || w.Any(char.IsDigit))
        {
            return false;
        }

        for (var k = s.Length - 1; k <= s.Length + 1; k++)
        {
            if (EditDistance.Within(w[..k], s, 1))
            {
                return true;
            }
        }

        return false;
    }

    private static (QuestionTopic Topic, double Score, IReadOnlyList<string> Signals) Score(
        TopicCues topic, List<Word> words, Dictionary<string, List<(int Start, int Length)>> hits, bool question)
    {
        var score = 0.0;
        var anchored = false;
        var used = new List<(int Start, int Length)>();
        foreach (var slot in topic.Slots)
        {
            if (!hits.TryGetValue(QuestionTopics.Id(topic.Topic, slot.Name), out var found))
            {
                continue;
            }

            if (words.Any(w => slot.BlockedBy.Contains(w.Text)) && !words.Any(w => slot.UnlessAlso.Contains(w.Text)))
            {
                continue;
            }

            score += slot.Weight;
            anchored |= slot.Anchor;
            used.Add(found[0]);
        }

        if (!anchored)
        {
            return (topic.Topic, 0, []);
        }

        if (question)
        {
            score += QuestionBonus;
        }

        var signals = used
            .OrderBy(u => u.Start)
            .Select(u => string.Join(' ', words.Skip(u.Start).Take(u.Length).Select(w => w.Text)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return (topic.Topic, Math.Round(Math.Min(MaximumConfidence, score), 2), signals);
    }

    // ----- Personal questions and reports -----

    /// <summary>
    /// About the person's own money or case, for a human to answer: a possessive next to money or a case word ("pengene mine",
    /// "min aap", "søknaden min"; not in "hvordan sender jeg meldekortet mitt"); not received ("har ikke fått", "pengene kom
    /// ikke"); "jeg/vi" receiving money ("når får jeg utbetalt"); "har dere fått"; a status ("behandla", "godkjent",
    /// "trukket"); an amount ("hvor mye", "mindre"); "hvorfor" about money; or "har jeg sendt meldekortet".
    /// </summary>
    private static bool IsPersonal(List<Word> words, Dictionary<string, List<(int Start, int Length)>> hits)
    {
        var money = Tagged(words.Count, hits, "Utbetaling.Core", "Utbetaling.Money");
        var payVerb = Tagged(words.Count, hits, "Utbetaling.Pay");
        var plans = Tagged(words.Count, hits, "Meldekort.Core", "Aktivitetsplan.Core", "Aktivitetsplan.Plan");
        bool IsCase(int i) => i >= 0 && i < words.Count && (money[i] || plans[i] || IsCaseWord(words[i].Text));
        bool Has(FrozenSet<string> set) => words.Any(w => set.Contains(w.Text));
        bool HasAt(FrozenSet<string> set, int i) => i >= 0 && i < words.Count && set.Contains(words[i].Text);

        var anyMoney = money.Any(m => m);
        var anyCase = Enumerable.Range(0, words.Count).Any(IsCase);
        var howTo = ClauseStarts(words).Select(s => SkipFillers(words, s)).Any(k =>
            k < words.Count && (words[k].Text == "hvordan"
                || (words[k].Text == "hvor" && k + 1 < words.Count && words[k + 1].Text is "finner" or "ser" or "sender")));

        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i].Text;

            // "pengene mine", "min aap", "min nye søknad" — but "min id" is MinID.
            if (Possessives.Contains(word) && !(i + 1 < words.Count && words[i + 1].Text == "id"))
            {
                int[] around = i + 1 < words.Count && NotAfterPossessive.Contains(words[i + 1].Text) ? [i - 1] : [i - 1, i + 1, i + 2];
                if (around.Any(j => IsCase(j) && !(howTo && plans[j])))
                {
                    return true;
                }
            }

            // "har ikke fått", "fikk ikke", "pengene har ikke kommet".
            if (Negations.Contains(word))
            {
                for (var j = Math.Max(0, i - 3); j <= Math.Min(words.Count - 1, i + 3); j++)
                {
                    if ((HasAt(Received, j) && anyCase) || (HasAt(Arrived, j) && anyMoney))
                    {
                        return true;
                    }
                }
            }

            // "har dere betalt ut", "har nav sendt pengene".
            if (word == "har" && HasAt(Addressees, i + 1) && (HasAt(PaidParticiples, i + 2) || HasAt(PaidParticiples, i + 3)))
            {
                return true;
            }
        }

        var receives = words.Select((w, i) => Receive.Contains(w.Text) && !(i + 1 < words.Count && words[i + 1].Text == "vite")).Any(r => r);
        return (Has(FirstPerson) && receives && anyMoney)
            || (Has(Addressees) && Has(HandledParticiples))
            || (Has(StatusWords) && anyCase)
            || ((Has(AmountWords) || HasPhrase(words, "hvor", "mye")) && (anyMoney || payVerb.Any(p => p)) && !Has(CostWords))
            || (words.Any(w => w.Text == "hvorfor") && (anyMoney || payVerb.Any(p => p)))
            || (Has(FirstPerson) && Has(SentWords) && words.Select((_, i) => i).Any(i => plans[i] || IsCaseStem(words[i].Text)));
    }

    /// <summary>
    /// A report of what the person did or will do, not a question ("jeg sendte meldekortet i går", "jeg har bankid",
    /// "jeg skal ringe veilederen", "har sendt meldekortet") — unless it names a problem or a wish ("jeg har mistet bankid").
    /// </summary>
    private static bool IsReport(List<Word> words)
    {
        if (words.Any(w => ProblemWords.Contains(w.Text)))
        {
            return false;
        }

        if (words.Any(w => DoneWords.Contains(w.Text)))
        {
            return true;
        }

        var k = SkipFillers(words, 0);
        var next = k + 1 < words.Count ? words[k + 1].Text : null;
        return words[k].Text == "jeg" && next is not null && ReportVerbs.Contains(next);
    }

    private static bool[] Tagged(int count, Dictionary<string, List<(int Start, int Length)>> hits, params string[] ids)
    {
        var tagged = new bool[count];
        foreach (var id in ids)
        {
            if (hits.TryGetValue(id, out var found))
            {
                foreach (var (start, length) in found)
                {
                    for (var i = start; i < start + length; i++)
                    {
                        tagged[i] = true;
                    }
                }
            }
        }

        return tagged;
    }

    private static bool IsCaseWord(string word) => CaseWords.Contains(word) || IsCaseStem(word);

    private static bool IsCaseStem(string word) => CaseStems.Any(s => word.StartsWith(s, StringComparison.Ordinal));

    private static bool HasPhrase(List<Word> words, string first, string second) =>
        Enumerable.Range(0, Math.Max(0, words.Count - 1)).Any(i => words[i].Text == first && words[i + 1].Text == second);

    private static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);
}
