namespace Dialogue.Framework.Dialogs;

/// <summary>
/// Something a person may say at any point that is not an answer to the current question (e.g. a general question
/// such as "når kommer pengene?"). Checked after the global commands and before the active dialog; when it handles
/// the message it usually answers and asks the current question again.
/// </summary>
public interface IInterruption
{
    /// <summary>True when the message was handled and the active dialog must not see it.</summary>
    Task<bool> TryHandleAsync(DialogContext dc, CancellationToken cancellationToken);
}
