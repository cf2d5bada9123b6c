using System.Text.Json;
using System.Text.Json.Serialization;
using Dialogue.Language.Catalog;

namespace Dialogue.Framework.Prompts;

/// <summary>One answer a person can pick. <see cref="Label"/> is a catalog text; synonyms are extra words that mean it.</summary>
public sealed record PromptChoice(string Value, TextId Label, IReadOnlyList<string>? Synonyms = null);

/// <summary>What a prompt asks and how. Persisted with the dialog stack, so everything here is plain data.</summary>
public sealed record PromptOptions
{
    public required TextId Prompt { get; init; }

    public IReadOnlyDictionary<string, string>? Args { get; init; }

    /// <summary>Said before the question is asked again after an answer that did not fit; a default per prompt kind otherwise.</summary>
    public TextId? RetryPrompt { get; init; }

    public IReadOnlyList<PromptChoice>? Choices { get; init; }

    /// <summary>After this many answers in a row that do not fit, the person is offered a human.</summary>
    public int MaxAttempts { get; init; } = 3;
}

internal static class PromptJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
