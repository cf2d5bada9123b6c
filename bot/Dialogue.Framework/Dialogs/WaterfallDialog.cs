using System.Text.Json;
using System.Text.Json.Nodes;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;

namespace Dialogue.Framework.Dialogs;

public delegate Task<DialogTurnResult> WaterfallStep(WaterfallStepContext step, CancellationToken cancellationToken);

/// <summary>A dialog made of steps run in order; each step usually asks one question and the next takes its answer.</summary>
public class WaterfallDialog : Dialog
{
    private const string StepProperty = "step";
    private const string ValuesProperty = "values";
    private const string OptionsProperty = "options";

    private readonly IReadOnlyList<WaterfallStep> _steps;

    public WaterfallDialog(string id, IReadOnlyList<WaterfallStep> steps, int version = 1)
        : base(id, version)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            throw new ArgumentException("A waterfall needs at least one step.", nameof(steps));
        }

        _steps = steps;
    }

    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var state = dc.ActiveDialog!.State;
        state[OptionsProperty] = options;
        state[ValuesProperty] = new JsonObject();
        return RunStepAsync(dc, 0, null, cancellationToken);
    }

    public override Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        if (!dc.Turn.IsMessage())
        {
            return Task.FromResult(DialogTurnResult.Waiting);
        }

        return RunStepAsync(dc, CurrentStep(dc) + 1, JsonValue.Create(dc.Turn.Activity.Text), cancellationToken);
    }

    public override Task<DialogTurnResult> ResumeAsync(DialogContext dc, JsonNode? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        return RunStepAsync(dc, CurrentStep(dc) + 1, result, cancellationToken);
    }

    private static int CurrentStep(DialogContext dc) => (int?)dc.ActiveDialog!.State[StepProperty] ?? 0;

    internal async Task<DialogTurnResult> RunStepAsync(DialogContext dc, int index, JsonNode? result, CancellationToken cancellationToken)
    {
        if (index >= _steps.Count)
        {
            return await dc.EndDialogAsync(result, cancellationToken).ConfigureAwait(false);
        }

        var state = dc.ActiveDialog!.State;
        state[StepProperty] = index;
        var step = new WaterfallStepContext(this, dc, index, state[OptionsProperty], (JsonObject)state[ValuesProperty]!, result);
        return await _steps[index](step, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What a waterfall step sees: the previous step's result, values kept across steps, and ways to move on.</summary>
public sealed class WaterfallStepContext
{
    private readonly WaterfallDialog _waterfall;

    internal WaterfallStepContext(WaterfallDialog waterfall, DialogContext dc, int index, JsonNode? options, JsonObject values, JsonNode? result)
    {
        _waterfall = waterfall;
        Dialogs = dc;
        Index = index;
        Options = options;
        Values = values;
        Result = result;
    }

    public DialogContext Dialogs { get; }

    public ITurnContext Turn => Dialogs.Turn;

    public int Index { get; }

    public JsonNode? Options { get; }

    /// <summary>Values kept for the life of this waterfall (persisted with the dialog stack).</summary>
    public JsonObject Values { get; }

    /// <summary>The previous step's result: a prompt's answer or a child dialog's result.</summary>
    public JsonNode? Result { get; }

    public T? ResultAs<T>() => Result is null ? default : Result.Deserialize<T>(PromptJson.Options);

    public T? ValueAs<T>(string name) => Values[name] is { } node ? node.Deserialize<T>(PromptJson.Options) : default;

    /// <summary>Keeps the previous step's result under <paramref name="name"/>.</summary>
    public void Keep(string name) => Values[name] = Result?.DeepClone();

    public Task<DialogTurnResult> NextAsync(JsonNode? result, CancellationToken cancellationToken) =>
        _waterfall.RunStepAsync(Dialogs, Index + 1, result, cancellationToken);

    public Task<DialogTurnResult> PromptAsync(string promptId, PromptOptions options, CancellationToken cancellationToken) =>
        Dialogs.BeginDialogAsync(promptId, JsonSerializer.SerializeToNode(options, PromptJson.Options), cancellationToken);

    public Task<DialogTurnResult> BeginDialogAsync(string dialogId, JsonNode? options, CancellationToken cancellationToken) =>
        Dialogs.BeginDialogAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, JsonNode? options, CancellationToken cancellationToken) =>
        Dialogs.ReplaceDialogAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> EndAsync(JsonNode? result, CancellationToken cancellationToken) =>
        Dialogs.EndDialogAsync(result, cancellationToken);
}
