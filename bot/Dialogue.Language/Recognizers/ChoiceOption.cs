namespace Dialogue.Language;

/// <summary>One option the person can choose: the value the code gets back, the label they see, and other words for it.</summary>
public sealed record ChoiceOption(string Value, string Label, IReadOnlyList<string>? Synonyms = null);
