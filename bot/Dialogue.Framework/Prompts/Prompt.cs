using System.Text.Json;
using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;

namespace Dialogue.Framework.Prompts;

/// <summary>What a prompt understood from one answer.</summary>
public readonly record struct Recognized<T>(bool Succeeded, T? Value)
{
    public static Recognized<T> Fail => default;

    public static Recognized<T> Of(T value) => new(true, value);
}

/// <summary>What a validator sees, and where it can choose a more specific text for the retry.</summary>
public sealed class PromptValidatorContext<T>
{
    internal PromptValidatorContext(ITurnContext turn, Recognized<T> recognized, PromptOptions options, int attempt)
    {
        Turn = turn;
        Recognized = recognized;
        Options = options;
        Attempt = attempt;
    }

    public ITurnContext Turn { get; }

    public Recognized<T> Recognized { get; }

    public PromptOptions Options { get; }

    /// <summary>1 for the first answer to this question, 2 for the second, ...</summary>
    public int Attempt { get; }

    /// <summary>Set to say something more helpful than the default retry text.</summary>
    public TextId? RetryText { get; set; }
}

public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> context, CancellationToken cancellationToken);

/// <summary>
/// Asks one question and waits for an answer it understands. An answer that does not fit gets a short retry
/// text and the question again; after <see cref="PromptOptions.MaxAttempts"/> such answers in a row the person is
/// offered a human (and may go on trying). The dialog's result is the recognized value as JSON.
/// </summary>
public abstract class Prompt<T> : Dialog
{
    public static readonly TextId OfferPersonText = new("prompt.offer_person");

    private const string OptionsProperty = "options";
    private const string AttemptsProperty = "attempts";

    private readonly PromptValidator<T>? _validator;

    protected Prompt(string id, PromptValidator<T>? validator)
        : base(id)
    {
        _validator = validator;
    }

    /// <summary>The retry text used when neither the options nor the validator name one.</summary>
    protected abstract TextId DefaultRetryText { get; }

    protected abstract Recognized<T> Recognize(ITurnContext turn, PromptOptions options);

    /// <summary>The choices shown with the question (buttons or a numbered list), if any.</summary>
    protected virtual IReadOnlyList<PromptChoice>? ChoicesFor(PromptOptions options) => options.Choices;

    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var parsed = options?.Deserialize<PromptOptions>(PromptJson.Options)
            ?? throw new ArgumentException($"Prompt '{Id}' needs PromptOptions.", nameof(options));
        var state = dc.ActiveDialog!.State;
        state[OptionsProperty] = options;
        state[AttemptsProperty] = 0;
        Ask(dc.Turn, parsed);
        return Task.FromResult(DialogTurnResult.Waiting);
    }

    public override async Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        if (!dc.Turn.IsMessage())
        {
            return DialogTurnResult.Waiting;
        }

        var state = dc.ActiveDialog!.State;
        var options = ReadOptions(state);
        var attempts = ((int?)state[AttemptsProperty] ?? 0) + 1;
        var recognized = Recognize(dc.Turn, options);
        var validation = new PromptValidatorContext<T>(dc.Turn, recognized, options, attempts);
        var valid = _validator is null
            ? recognized.Succeeded
            : await _validator(validation, cancellationToken).ConfigureAwait(false);

        if (valid)
        {
            return await dc.EndDialogAsync(JsonSerializer.SerializeToNode(recognized.Value, PromptJson.Options), cancellationToken)
                .ConfigureAwait(false);
        }

        if (attempts >= options.MaxAttempts)
        {
            dc.Turn.SendText(OfferPersonText);
            attempts = 0;
        }
        else
        {
            dc.Turn.SendText(validation.RetryText ?? options.RetryPrompt ?? DefaultRetryText);
        }

        state[AttemptsProperty] = attempts;
        Ask(dc.Turn, options);
        return DialogTurnResult.Waiting;
    }

    public override Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        Ask(dc.Turn, ReadOptions(dc.ActiveDialog!.State));
        return Task.CompletedTask;
    }

    private void Ask(ITurnContext turn, PromptOptions options) =>
        turn.Send(PromptRenderer.Render(turn, turn.Texts.Render(options.Prompt, options.Args), ChoicesFor(options)));

    private PromptOptions ReadOptions(JsonObject state) =>
        state[OptionsProperty]?.Deserialize<PromptOptions>(PromptJson.Options)
        ?? throw new InvalidOperationException($"Prompt '{Id}' has lost its options.");
}
