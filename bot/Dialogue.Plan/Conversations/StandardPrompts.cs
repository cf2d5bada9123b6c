using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;

namespace Dialogue.Plan.Conversations;

/// <summary>The prompt dialogs every conversation shares, by id.</summary>
public static class StandardPrompts
{
    public const string Text = "prompt.text";
    public const string Confirm = "prompt.confirm";
    public const string Choice = "prompt.choice";
    public const string Number = "prompt.number";
    public const string DateTime = "prompt.datetime";

    public static IEnumerable<Dialog> All() =>
    [
        new TextPrompt(Text),
        new ConfirmPrompt(Confirm),
        new ChoicePrompt(Choice),
        new NumberPrompt(Number),
        new DateTimePrompt(DateTime),
    ];
}
