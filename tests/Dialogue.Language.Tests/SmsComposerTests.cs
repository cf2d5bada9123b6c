namespace Dialogue.Language.Tests;

/// <summary>What one turn sends by SMS: GSM-7, few messages, split between sentences, never more than three.</summary>
public sealed class SmsComposerTests
{
    private static readonly string Sentence = "Dette er en helt vanlig setning om planen din."; // 46 septets

    [Fact]
    public void Short_replies_of_one_turn_go_in_one_message_on_separate_lines()
    {
        var sms = SmsComposer.Compose(["Hei Kari!", "Har du tid nå?"]);

        Assert.Equal(["Hei Kari!\nHar du tid nå?"], sms.Messages);
        Assert.False(sms.Truncated);
    }

    [Fact]
    public void Replies_are_made_GSM7_safe()
    {
        var sms = SmsComposer.Compose(["Skriv «i morgen» – eller «fredag»…"]);

        var message = Assert.Single(sms.Messages);
        Assert.True(Gsm7.IsGsm7(message));
        Assert.Equal("Skriv \"i morgen\" - eller \"fredag\"...", message);
    }

    [Fact]
    public void Replies_that_together_are_too_long_start_a_new_message_between_replies()
    {
        var first = string.Join(' ', Enumerable.Repeat(Sentence, 5));  // 234 septets
        var second = string.Join(' ', Enumerable.Repeat(Sentence, 3)); // 140 septets

        var sms = SmsComposer.Compose([first, second]);

        Assert.Equal([first, second], sms.Messages);
    }

    [Fact]
    public void A_reply_longer_than_two_segments_is_split_between_sentences()
    {
        var reply = string.Join(' ', Enumerable.Repeat(Sentence, 9)); // 422 septets

        var sms = SmsComposer.Compose([reply]);

        Assert.Equal(2, sms.Messages.Count);
        Assert.All(sms.Messages, m =>
        {
            Assert.True(Gsm7.Septets(m) <= SmsComposer.MaxSeptets);
            Assert.EndsWith(".", m, StringComparison.Ordinal);
            Assert.StartsWith("Dette", m, StringComparison.Ordinal);
        });
        Assert.Equal(reply, string.Join(' ', sms.Messages));
    }

    [Fact]
    public void A_sentence_longer_than_two_segments_is_split_between_words()
    {
        var reply = string.Join(' ', Enumerable.Repeat("ord", 120)) + "."; // 480 septets, one sentence

        var sms = SmsComposer.Compose([reply]);

        Assert.Equal(2, sms.Messages.Count);
        Assert.All(sms.Messages, m => Assert.True(Gsm7.Septets(m) <= SmsComposer.MaxSeptets));
        Assert.Equal(reply, string.Join(' ', sms.Messages));
    }

    [Fact]
    public void A_turn_never_sends_more_than_three_messages_and_says_when_it_had_to_leave_something_out()
    {
        var reply = string.Join(' ', Enumerable.Repeat(Sentence, 6)); // 281 septets each

        var sms = SmsComposer.Compose([reply, reply, reply, reply]);

        Assert.Equal(3, sms.Messages.Count);
        Assert.True(sms.Truncated);
    }

    [Fact]
    public void Extension_characters_count_double()
    {
        var reply = new string('{', 153) + " slutt."; // { is 2 septets: 306 + 7

        var sms = SmsComposer.Compose([reply]);

        Assert.All(sms.Messages, m => Assert.True(Gsm7.Septets(m) <= SmsComposer.MaxSeptets));
        Assert.Equal(2, sms.Messages.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_replies_send_nothing(string reply)
    {
        Assert.Empty(SmsComposer.Compose([reply]).Messages);
    }
}
