using Dialogue.Cases.Messaging;
using Dialogue.Cases.Safety;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Protocol;
using Dialogue.Language;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Sms;

/// <summary>
/// Packs one turn's replies into at most three SMS with <see cref="SmsComposer"/>: GSM-7 safe characters, split between
/// sentences, each at most two segments (306 septets). Replies without text (typing, cards) have no SMS form and are left out.
/// </summary>
public sealed partial class SmsReplyPacker(ILogger<SmsReplyPacker> logger) : IReplyPacker
{
    public string ChannelId => KnownChannels.Sms;

    public IReadOnlyList<Activity> Pack(IReadOnlyList<Activity> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var texts = replies.Where(r => r.IsType(ActivityTypes.Message) && !string.IsNullOrWhiteSpace(r.Text)).ToList();
        if (texts.Count == 0)
        {
            return [];
        }

        var composition = SmsComposer.Compose(texts.Select(r => r.Text!));
        if (composition.Truncated)
        {
            LogTruncated(logger, texts[0].ReplyToId);
        }

        var envelope = texts[0];
        var safety = texts.Any(SafetyReplies.IsMarked);
        var packed = composition.Messages.Select(body => new Activity
        {
            Type = ActivityTypes.Message,
            Id = Guid.NewGuid().ToString("N"),
            ChannelId = envelope.ChannelId,
            ServiceUrl = envelope.ServiceUrl,
            From = envelope.From,
            Recipient = envelope.Recipient,
            Conversation = envelope.Conversation,
            ReplyToId = envelope.ReplyToId,
            Locale = envelope.Locale,
            Timestamp = envelope.Timestamp,
            TextFormat = TextFormatTypes.Plain,
            Text = body,
        }).ToList();
        if (safety)
        {
            packed.ForEach(SafetyReplies.Mark);
        }

        return packed;
    }

    [LoggerMessage(EventId = 2411, Level = LogLevel.Warning,
        Message = "The replies to SMS {ActivityId} did not fit in three SMS; the rest was left out")]
    private static partial void LogTruncated(ILogger logger, string? activityId);
}
