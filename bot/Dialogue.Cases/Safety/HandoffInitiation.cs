using System.Text.Json;
using Dialogue.Cases.DirectLine;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;
using Dialogue.Safety.Escalation;

namespace Dialogue.Cases.Safety;

/// <summary>
/// The Bot Framework handoff protocol's <c>handoff.initiate</c> event, sent on conversations that arrive through
/// <c>/api/messages</c> (Azure Bot Service channels), so an agent hub in front of the bot can take the conversation
/// over: <c>value</c> holds the handoff context (why, how urgent, the escalation), and one attachment named
/// "Transcript" holds the conversation so far (<c>{"activities": [...]}</c>). SMS and Direct Line are the bot's own
/// channels; there the veileder takes over in the workspace instead.
/// </summary>
public static class HandoffInitiation
{
    public const string EventName = "handoff.initiate";
    public const int TranscriptLines = 50;

    public static bool AppliesTo(string channelId) =>
        !string.Equals(channelId, KnownChannels.Sms, StringComparison.OrdinalIgnoreCase)
        && !string.Equals(channelId, DirectLineChannel.Id, StringComparison.OrdinalIgnoreCase);

    public static Activity Create(ITurnContext turn, Escalation escalation, IReadOnlyList<TranscriptLine> transcript)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(escalation);
        ArgumentNullException.ThrowIfNull(transcript);
        var incoming = turn.Activity;
        var activities = transcript.Select(line => new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = incoming.ChannelId,
            Conversation = incoming.Conversation,
            From = line.From == "person" ? incoming.From : incoming.Recipient,
            Recipient = line.From == "person" ? incoming.Recipient : incoming.From,
            Timestamp = line.At,
            Text = line.Text,
        }).ToList();

        // The message that raised it is not stored as a transcript line until the turn commits.
        if (!activities.Any(a => a.Text == incoming.Text && a.From?.Id == incoming.From?.Id))
        {
            activities.Add(new Activity
            {
                Type = ActivityTypes.Message,
                ChannelId = incoming.ChannelId,
                Conversation = incoming.Conversation,
                From = incoming.From,
                Recipient = incoming.Recipient,
                Timestamp = incoming.Timestamp ?? turn.Clock.GetUtcNow(),
                Text = incoming.Text,
            });
        }

        return new Activity
        {
            Type = ActivityTypes.Event,
            Name = EventName,
            Value = JsonSerializer.SerializeToElement(new
            {
                reason = "distress",
                level = escalation.Level.ToString().ToLowerInvariant(),
                escalationId = escalation.Id.Value,
                officeId = escalation.OfficeId?.Value,
            }),
            Attachments =
            [
                new Attachment
                {
                    ContentType = "application/json",
                    Name = "Transcript",
                    Content = JsonSerializer.SerializeToElement(new { activities }, ActivityJson.Options),
                },
            ],
        };
    }
}
