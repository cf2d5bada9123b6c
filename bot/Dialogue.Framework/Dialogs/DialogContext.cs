using System.Text.Json.Nodes;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;

namespace Dialogue.Framework.Dialogs;

/// <summary>The dialog stack of one conversation during one turn. The stack lives in conversation state.</summary>
public sealed class DialogContext
{
    public const string StackProperty = "dialogStack";
    public static readonly TextId RestartedText = new("dialog.restarted");

    private readonly JsonArray _stack;

    public DialogContext(DialogSet dialogs, ITurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        ArgumentNullException.ThrowIfNull(turn);
        Dialogs = dialogs;
        Turn = turn;
        if (turn.ConversationState[StackProperty] is JsonArray stack)
        {
            _stack = stack;
        }
        else
        {
            _stack = [];
            turn.ConversationState[StackProperty] = _stack;
        }
    }

    public DialogSet Dialogs { get; }

    public ITurnContext Turn { get; }

    public int Depth => _stack.Count;

    public DialogInstance? ActiveDialog => _stack.Count == 0 ? null : new DialogInstance((JsonObject)_stack[^1]!);

    /// <summary>True when a dialog with this id is anywhere on the stack (running itself, or waiting for a child it started).</summary>
    public bool IsRunning(string dialogId) =>
        _stack.Any(node => node is JsonObject o && string.Equals(new DialogInstance(o).Id, dialogId, StringComparison.Ordinal));

    public async Task<DialogTurnResult> BeginDialogAsync(string dialogId, JsonNode? options, CancellationToken cancellationToken)
    {
        var dialog = Dialogs.Get(dialogId);
        _stack.Add(DialogInstance.Create(dialog).Node);
        return await dialog.BeginAsync(this, options?.DeepClone(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Hands the user's message to the dialog on top of the stack. If the stack was written by an older version of
    /// any of its dialogs (or names a dialog that no longer exists) it is cleared, the user gets a short apology,
    /// and the result is <see cref="DialogTurnStatus.Empty"/> so the caller starts afresh.
    /// </summary>
    public async Task<DialogTurnResult> ContinueDialogAsync(CancellationToken cancellationToken)
    {
        if (_stack.Count == 0)
        {
            return DialogTurnResult.Empty;
        }

        if (StackIsOutdated())
        {
            _stack.Clear();
            Turn.SendText(RestartedText);
            return DialogTurnResult.Empty;
        }

        var active = ActiveDialog!;
        return await Dialogs.Get(active.Id).ContinueAsync(this, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the active dialog and resumes its parent with <paramref name="result"/>.</summary>
    public async Task<DialogTurnResult> EndDialogAsync(JsonNode? result, CancellationToken cancellationToken)
    {
        if (_stack.Count > 0)
        {
            _stack.RemoveAt(_stack.Count - 1);
        }

        var parent = ActiveDialog;
        if (parent is null)
        {
            return new DialogTurnResult(DialogTurnStatus.Complete, result);
        }

        return await Dialogs.Get(parent.Id).ResumeAsync(this, result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the active dialog without resuming its parent and starts another in its place (loops, restarts).</summary>
    public async Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, JsonNode? options, CancellationToken cancellationToken)
    {
        if (_stack.Count > 0)
        {
            _stack.RemoveAt(_stack.Count - 1);
        }

        return await BeginDialogAsync(dialogId, options, cancellationToken).ConfigureAwait(false);
    }

    public DialogTurnResult CancelAllDialogs()
    {
        _stack.Clear();
        return DialogTurnResult.Cancelled;
    }

    public async Task RepromptDialogAsync(CancellationToken cancellationToken)
    {
        if (_stack.Count == 0 || StackIsOutdated())
        {
            return;
        }

        await Dialogs.Get(ActiveDialog!.Id).RepromptAsync(this, cancellationToken).ConfigureAwait(false);
    }

    private bool StackIsOutdated() =>
        _stack.Any(node => node is not JsonObject o || IsOutdated(new DialogInstance(o)));

    private bool IsOutdated(DialogInstance instance) =>
        Dialogs.Find(instance.Id) is not { } dialog || dialog.Version != instance.Version;
}
