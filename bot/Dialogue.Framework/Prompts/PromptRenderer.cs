using System.Globalization;
using System.Text;
using System.Text.Json;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;

namespace Dialogue.Framework.Prompts;

/// <summary>Known channel ids and what they can show.</summary>
public static class KnownChannels
{
    public const string Sms = "sms";

    /// <summary>SMS has no buttons; choices are sent as a numbered list the person answers with a number or the words.</summary>
    public static bool SupportsSuggestedActions(string? channelId) =>
        !string.Equals(channelId, Sms, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Turns one prompt definition into the message each channel shows: buttons on web chat, a numbered list on SMS.</summary>
public static class PromptRenderer
{
    public static Activity Render(ITurnContext turn, string text, IReadOnlyList<PromptChoice>? choices)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            TextFormat = TextFormatTypes.Plain,
            InputHint = InputHints.ExpectingInput,
            Text = text,
        };
        if (choices is not { Count: > 0 })
        {
            return activity;
        }

        var labels = choices.Select(c => turn.Texts.Render(c.Label)).ToList();
        if (KnownChannels.SupportsSuggestedActions(turn.Activity.ChannelId))
        {
            activity.SuggestedActions = new SuggestedActions
            {
                To = turn.Activity.From?.Id is { } userId ? [userId] : null,
                Actions = labels.Select(label => new CardAction
                {
                    Type = ActionTypes.ImBack,
                    Title = label,
                    Value = JsonSerializer.SerializeToElement(label),
                }).ToList(),
            };
        }
        else
        {
            var list = new StringBuilder(text);
            for (var i = 0; i < labels.Count; i++)
            {
                list.Append(CultureInfo.InvariantCulture, $"\n{i + 1} {labels[i]}");
            }

            list.Append('\n').Append(SmsHint(turn, labels.Count));
            activity.Text = list.ToString();
        }

        return activity;
    }

    /// <summary>"Svar 1 eller 2." — how to answer a numbered list by SMS.</summary>
    private static string SmsHint(ITurnContext turn, int count) => count switch
    {
        2 => turn.Texts.Render("prompt.sms_hint.two"),
        3 => turn.Texts.Render("prompt.sms_hint.three"),
        _ => turn.Texts.Render("prompt.sms_hint.many", new Dictionary<string, string> { ["last"] = count.ToString(CultureInfo.InvariantCulture) }),
    };
}
