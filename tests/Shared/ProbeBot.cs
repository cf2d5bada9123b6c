using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;

namespace Dialogue.Tests.Shared;

/// <summary>
/// A bot whose root dialog asks one prompt and stores the answer in conversation state under "answer",
/// so a test can see exactly what a prompt understood.
/// </summary>
public static class ProbeBot
{
    public const string Root = "probe";

    public static DialogBot Create(Dialog prompt, PromptOptions options, int version = 1)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var root = new WaterfallDialog(Root,
        [
            (step, ct) => step.PromptAsync(prompt.Id, options, ct),
            (step, ct) =>
            {
                step.Turn.ConversationState["answer"] = step.Result?.DeepClone();
                return step.EndAsync(null, ct);
            },
        ], version);
        return new DialogBot(new DialogSet([root, prompt]), Root);
    }

    public static JsonNode? Answer(this TestConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return conversation.ConversationState["answer"];
    }
}
