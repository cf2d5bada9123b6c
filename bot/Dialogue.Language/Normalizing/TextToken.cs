namespace Dialogue.Language;

/// <summary>
/// One normalized word (or one emoji) and where it came from: <see cref="Start"/> and <see cref="Length"/> point into the
/// input text, so recognizers can report the part of the input they used. One input word can give several
/// tokens ("imorgen" → "i", "morgen"), which then share its span.
/// </summary>
internal readonly record struct TextToken(string Text, int Start, int Length, bool SentenceStart, bool IsSymbol)
{
    public int End => Start + Length;
}
