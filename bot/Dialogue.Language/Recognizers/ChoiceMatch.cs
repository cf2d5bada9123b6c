namespace Dialogue.Language;

/// <summary>The option chosen: <see cref="Index"/> is 0-based into the options; <see cref="Score"/> is 0..1 (1 = exact).</summary>
public sealed record ChoiceMatch(int Index, string Value, double Score);
