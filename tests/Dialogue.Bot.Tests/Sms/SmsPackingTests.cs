using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Sms;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;
using Dialogue.Language;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dialogue.Bot.Tests.Sms;

/// <summary>A turn's replies become at most three GSM-7 SMS, split between sentences, each at most two segments.</summary>
public sealed class SmsPackingTests
{
    private static readonly string Sentence = "Dette er en setning om planen din som er litt lang.";

    [Fact]
    public void Typographic_characters_become_gsm7_and_short_replies_share_one_sms()
    {
        var packed = Pack(["\u201CHei\u201D \u2013 dette er NAV sin chatbot \uD83D\uDE0A", "Har du tid\u2026?"]);

        var sms = Assert.Single(packed);
        Assert.Equal("\"Hei\" - dette er NAV sin chatbot :)\nHar du tid...?", sms.Text);
        Assert.Equal("SMin", sms.ReplyToId);
        Assert.Equal("+4799990001", sms.Conversation?.Id);
        Assert.Equal("sms", sms.ChannelId);
    }

    [Fact]
    public void A_long_reply_is_split_between_sentences_into_parts_of_at_most_306_septets()
    {
        var packed = Pack([string.Join(" ", Enumerable.Repeat(Sentence, 10))]);

        Assert.Equal(2, packed.Count);
        Assert.All(packed, p =>
        {
            Assert.True(Gsm7.IsGsm7(p.Text!));
            Assert.True(Gsm7.Septets(p.Text!) <= 306);
            Assert.EndsWith(".", p.Text, StringComparison.Ordinal);
        });
        Assert.Equal(string.Join(" ", Enumerable.Repeat(Sentence, 10)), string.Join(" ", packed.Select(p => p.Text)));
    }

    [Fact]
    public void Replies_without_text_are_left_out_and_a_turn_never_sends_more_than_three_sms()
    {
        var replies = Enumerable.Range(1, 8).Select(i => Reply(string.Join(" ", Enumerable.Repeat(Sentence, 5)))).ToList();
        replies.Insert(0, new Activity { Type = ActivityTypes.Typing });

        var packed = new SmsReplyPacker(NullLogger<SmsReplyPacker>.Instance).Pack(replies);

        Assert.Equal(3, packed.Count);
        Assert.Empty(new SmsReplyPacker(NullLogger<SmsReplyPacker>.Instance).Pack([new Activity { Type = ActivityTypes.Typing }]));
    }

    [Fact]
    public async Task Twilio_gets_at_most_three_gsm7_sms_for_a_talkative_turn()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var longReply = string.Join(" ", Enumerable.Repeat("Du har fått en \u00ABny\u00BB aktivitet \u2013 se p\u00E5 den n\u00E5r du kan.", 12));
        await using var sms = new SmsApp(db, bot: new TalkativeBot([longReply, longReply, longReply]));

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        var bodies = await sms.WaitForSmsAsync(3);

        Assert.Equal(3, bodies.Count);
        Assert.All(bodies, b =>
        {
            Assert.True(Gsm7.IsGsm7(b), b);
            Assert.True(Gsm7.Septets(b) <= 306);
            Assert.Contains("\"ny\" aktivitet - se på den", b, StringComparison.Ordinal);
        });
        Assert.Equal(3, await sms.WithDbAsync(d => Task.FromResult(d.Outbox.Count())));
    }

    private static IReadOnlyList<Activity> Pack(IEnumerable<string> texts) =>
        new SmsReplyPacker(NullLogger<SmsReplyPacker>.Instance).Pack(texts.Select(Reply).ToList());

    private static Activity Reply(string text) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = "sms",
        Conversation = new ConversationAccount { Id = "+4799990001" },
        Recipient = new ChannelAccount { Id = "+4799990001" },
        From = new ChannelAccount { Id = SmsApp.BotNumber },
        ReplyToId = "SMin",
        Text = text,
    };

    private sealed class TalkativeBot(IReadOnlyList<string> replies) : IBot
    {
        public Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
        {
            foreach (var reply in replies)
            {
                turn.Send(new Activity { Type = ActivityTypes.Message, Text = reply });
            }

            return Task.CompletedTask;
        }
    }
}
