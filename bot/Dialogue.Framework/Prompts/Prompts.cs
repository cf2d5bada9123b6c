using Dialogue.Framework.Turns;
using Dialogue.Language;
using Dialogue.Language.Catalog;

namespace Dialogue.Framework.Prompts;

/// <summary>Free text. Fails only on an empty answer (e.g. a picture or a lone emoji with no words).</summary>
public sealed class TextPrompt(string id, PromptValidator<string>? validator = null) : Prompt<string>(id, validator)
{
    /// <summary>The answer is the person's own message, kept as written (see <see cref="Dialog.TakesOwnWords"/>).</summary>
    public bool OwnWords { get; init; }

    public override bool TakesOwnWords => OwnWords;

    protected override TextId DefaultRetryText => "prompt.retry.text";

    protected override Recognized<string> Recognize(ITurnContext turn, PromptOptions options)
    {
        var text = turn.Activity.Text?.Trim();
        return string.IsNullOrEmpty(text) || !text.Any(char.IsLetterOrDigit)
            ? Recognized<string>.Fail
            : Recognized<string>.Of(text);
    }
}

/// <summary>Yes or no, in the many ways people say it, or 1 / 2 from the numbered list.</summary>
public sealed class ConfirmPrompt(string id, PromptValidator<bool>? validator = null) : Prompt<bool>(id, validator)
{
    public const string YesValue = "yes";
    public const string NoValue = "no";

    private static readonly IReadOnlyList<PromptChoice> YesNo =
    [
        new(YesValue, "choice.yes"),
        new(NoValue, "choice.no"),
    ];

    protected override TextId DefaultRetryText => "prompt.retry.yesno";

    protected override IReadOnlyList<PromptChoice> ChoicesFor(PromptOptions options) => options.Choices ?? YesNo;

    protected override Recognized<bool> Recognize(ITurnContext turn, PromptOptions options)
    {
        var text = turn.Activity.Text;
        if (YesNoRecognizer.Recognize(text) is { } answer)
        {
            return Recognized<bool>.Of(answer);
        }

        var choices = ChoicesFor(options);
        return ChoiceRecognizer.Recognize(text, ChoicePrompt.ToOptions(turn, choices)) is { } match
            ? Recognized<bool>.Of(string.Equals(choices[match.Index].Value, YesValue, StringComparison.Ordinal))
            : Recognized<bool>.Fail;
    }
}

/// <summary>One of a list; the result is the chosen <see cref="PromptChoice.Value"/>.</summary>
public sealed class ChoicePrompt(string id, PromptValidator<string>? validator = null) : Prompt<string>(id, validator)
{
    protected override TextId DefaultRetryText => "prompt.retry.choice";

    protected override Recognized<string> Recognize(ITurnContext turn, PromptOptions options)
    {
        var choices = options.Choices ?? throw new InvalidOperationException($"Choice prompt '{Id}' has no choices.");
        return ChoiceRecognizer.Recognize(turn.Activity.Text, ToOptions(turn, choices)) is { } match
            ? Recognized<string>.Of(choices[match.Index].Value)
            : Recognized<string>.Fail;
    }

    internal static IReadOnlyList<ChoiceOption> ToOptions(ITurnContext turn, IReadOnlyList<PromptChoice> choices) =>
        choices.Select(c => new ChoiceOption(c.Value, turn.Texts.Render(c.Label), c.Synonyms)).ToList();
}

/// <summary>A whole number, in digits or words ("tre", "tjueen").</summary>
public sealed class NumberPrompt(string id, PromptValidator<int>? validator = null) : Prompt<int>(id, validator)
{
    protected override TextId DefaultRetryText => "prompt.retry.number";

    protected override Recognized<int> Recognize(ITurnContext turn, PromptOptions options) =>
        NumberRecognizer.Recognize(turn.Activity.Text) is { } number ? Recognized<int>.Of(number) : Recognized<int>.Fail;
}

/// <summary>A date and maybe a time, relative to now in Europe/Oslo ("på fredag", "i morgen kl 10").</summary>
public sealed class DateTimePrompt(string id, PromptValidator<DateTimeResolution>? validator = null)
    : Prompt<DateTimeResolution>(id, validator)
{
    protected override TextId DefaultRetryText => "prompt.retry.datetime";

    protected override Recognized<DateTimeResolution> Recognize(ITurnContext turn, PromptOptions options) =>
        DateTimeRecognizer.Recognize(turn.Activity.Text, turn.Clock.GetUtcNow(), DateTimeRecognizer.Oslo) is { } when
            ? Recognized<DateTimeResolution>.Of(when)
            : Recognized<DateTimeResolution>.Fail;
}
