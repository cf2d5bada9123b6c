using System.Text.Json.Nodes;

namespace Dialogue.Framework.Dialogs;

/// <summary>
/// A conversation step that can span turns. Its state lives on the dialog stack in conversation state, so a
/// dialog object itself is stateless and shared. <see cref="Id"/> is stable across releases; bump
/// <see cref="Version"/> whenever a change makes stored state of the old shape meaningless (reordered steps,
/// renamed values): conversations started on the old version then restart with a short apology.
/// </summary>
public abstract class Dialog
{
    protected Dialog(string id, int version = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        Id = id;
        Version = version;
    }

    public string Id { get; }

    public int Version { get; }

    /// <summary>
    /// True when what the person writes here is their own message, kept as written (a message to the office, a question
    /// in their words): a request for a person inside it ("Dere må ringe meg") is part of the message, not a command.
    /// </summary>
    public virtual bool TakesOwnWords => false;

    public abstract Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken cancellationToken);

    /// <summary>The user answered while this dialog was on top of the stack.</summary>
    public virtual Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        return dc.EndDialogAsync(null, cancellationToken);
    }

    /// <summary>A child dialog this dialog started has ended with <paramref name="result"/>.</summary>
    public virtual Task<DialogTurnResult> ResumeAsync(DialogContext dc, JsonNode? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        return dc.EndDialogAsync(result, cancellationToken);
    }

    /// <summary>Ask the current question again (after an interruption such as HJELP).</summary>
    public virtual Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken) => Task.CompletedTask;
}

public enum DialogTurnStatus
{
    /// <summary>No dialog was active.</summary>
    Empty,

    /// <summary>A dialog is waiting for the user's next message.</summary>
    Waiting,

    /// <summary>The last dialog on the stack ended.</summary>
    Complete,

    /// <summary>The stack was cancelled.</summary>
    Cancelled,
}

public sealed record DialogTurnResult(DialogTurnStatus Status, JsonNode? Result = null)
{
    public static DialogTurnResult Waiting { get; } = new(DialogTurnStatus.Waiting);

    public static DialogTurnResult Empty { get; } = new(DialogTurnStatus.Empty);

    public static DialogTurnResult Cancelled { get; } = new(DialogTurnStatus.Cancelled);
}
