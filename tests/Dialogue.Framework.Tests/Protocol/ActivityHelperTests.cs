using Dialogue.Framework.Protocol;

namespace Dialogue.Framework.Tests.Protocol;

/// <summary>CreateReply, GetConversationReference, IsType and Validate.</summary>
public sealed class ActivityHelperTests
{
    private static Activity Incoming() => ActivityJson.Deserialize(ExampleActivities.TeamsMessage)!;

    [Fact]
    public void A_reply_goes_back_from_the_bot_to_the_sender_in_the_same_conversation()
    {
        var incoming = Incoming();

        var reply = incoming.CreateReply("Ja, det kan jeg.");

        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.Equal("Ja, det kan jeg.", reply.Text);
        Assert.Equal((incoming.Recipient!.Id, incoming.Recipient.Name), (reply.From!.Id, reply.From.Name));
        Assert.Equal((incoming.From!.Id, incoming.From.Name), (reply.Recipient!.Id, reply.Recipient.Name));
        Assert.Equal(incoming.Conversation!.Id, reply.Conversation!.Id);
        Assert.Equal((true, "72f988bf-86f1-41af-91ab-2d7cd011db47"), (reply.Conversation.IsGroup, reply.Conversation.TenantId));
        Assert.Equal(("msteams", "https://smba.trafficmanager.net/emea/", "nb-NO"), (reply.ChannelId, reply.ServiceUrl, reply.Locale));
        Assert.Equal("1709630101987", reply.ReplyToId);
    }

    [Fact]
    public void A_reply_takes_nothing_of_the_incoming_content_or_identity()
    {
        var incoming = Incoming();
        incoming.DeliveryMode = DeliveryModes.ExpectReplies;
        incoming.Value = ActivityJson.Deserialize("""{ "value": { "a": 1 } }""")!.Value;

        var reply = incoming.CreateReply();

        Assert.Null(reply.Text);
        Assert.Null(reply.Id);
        Assert.Null(reply.Timestamp);
        Assert.Null(reply.LocalTimestamp);
        Assert.Null(reply.Entities);
        Assert.Null(reply.Attachments);
        Assert.Null(reply.ChannelData);
        Assert.Null(reply.Value);
        Assert.Null(reply.DeliveryMode);
        Assert.Null(reply.TextFormat);
        Assert.Null(reply.Properties);
        Assert.Null(reply.From!.AadObjectId);
        Assert.Null(reply.Recipient!.Properties);
        Assert.Null(reply.Conversation!.Properties);
    }

    [Fact]
    public void Changing_a_reply_never_changes_the_incoming_activity()
    {
        var incoming = Incoming();

        var reply = incoming.CreateReply("x");
        reply.Conversation!.Id = "changed";
        reply.From!.Id = "changed";
        reply.Recipient!.Name = "changed";

        Assert.Equal("19:a1b2c3d4e5@thread.tacv2;messageid=1709630101987", incoming.Conversation!.Id);
        Assert.Equal("28:0a1b2c3d-aaaa-bbbb-cccc-1234567890ab", incoming.Recipient!.Id);
        Assert.Equal("Kari Nordmann", incoming.From!.Name);
    }

    [Fact]
    public void A_reply_to_an_activity_without_accounts_has_none_either()
    {
        var reply = new Activity { Type = ActivityTypes.Event, Id = "e1" }.CreateReply("hei");

        Assert.Null(reply.From);
        Assert.Null(reply.Recipient);
        Assert.Null(reply.Conversation);
        Assert.Equal("e1", reply.ReplyToId);
        Assert.Equal("""{"type":"message","replyToId":"e1","text":"hei"}""", ActivityJson.Serialize(reply));
    }

    [Fact]
    public void The_conversation_reference_points_at_this_activity_from_the_bots_side()
    {
        var incoming = Incoming();

        var reference = incoming.GetConversationReference();

        Assert.Equal("1709630101987", reference.ActivityId);
        Assert.Equal((incoming.From!.Id, incoming.From.AadObjectId), (reference.User!.Id, reference.User.AadObjectId));
        Assert.Equal(incoming.Recipient!.Id, reference.Bot!.Id);
        Assert.Equal((incoming.Conversation!.Id, "channel"), (reference.Conversation!.Id, reference.Conversation.ConversationType));
        Assert.Equal(("msteams", "https://smba.trafficmanager.net/emea/", "nb-NO"), (reference.ChannelId, reference.ServiceUrl, reference.Locale));
        Assert.Equal("kari@contoso.no", reference.User.Properties!["userPrincipalName"].GetString());
    }

    [Fact]
    public void The_conversation_reference_is_a_copy_that_can_be_stored_and_round_tripped()
    {
        var incoming = Incoming();

        var reference = incoming.GetConversationReference();
        reference.User!.Name = "changed";
        reference.User.Properties!.Clear();
        reference.Conversation!.Id = "changed";

        Assert.Equal("Kari Nordmann", incoming.From!.Name);
        Assert.True(incoming.From.Properties!.ContainsKey("userPrincipalName"));
        Assert.Equal("19:a1b2c3d4e5@thread.tacv2;messageid=1709630101987", incoming.Conversation!.Id);

        var json = System.Text.Json.JsonSerializer.Serialize(reference, ActivityJson.Options);
        JsonAssert.Equal(json, System.Text.Json.JsonSerializer.Serialize(
            System.Text.Json.JsonSerializer.Deserialize<ConversationReference>(json, ActivityJson.Options), ActivityJson.Options));
    }

    [Theory]
    [InlineData("message", "message", true)]
    [InlineData("message", "Message", false)]
    [InlineData("conversationUpdate", "conversationupdate", false)]
    [InlineData("event", "message", false)]
    [InlineData(null, "message", false)]
    public void Types_are_compared_ordinally(string? type, string asked, bool expected)
    {
        Assert.Equal(expected, new Activity { Type = type }.IsType(asked));
    }

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void Activities_as_channels_send_them_are_valid(string example)
    {
        Assert.Empty(ActivityJson.Deserialize(ExampleActivities.Get(example))!.Validate());
    }

    public static TheoryData<string> ValidExamples => new(ExampleActivities.Names.Where(n => n != nameof(ExampleActivities.RemainingFields)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_activity_without_a_type_is_invalid(string? type)
    {
        var activity = new Activity { Type = type, Conversation = new() { Id = "c" }, From = new() { Id = "u" } };

        Assert.Equal(["type is required."], activity.Validate());
    }

    [Theory]
    [InlineData(ActivityTypes.Message)]
    [InlineData(ActivityTypes.ConversationUpdate)]
    [InlineData(ActivityTypes.Event)]
    [InlineData(ActivityTypes.Invoke)]
    [InlineData(ActivityTypes.EndOfConversation)]
    public void An_activity_without_a_conversation_id_is_invalid(string type)
    {
        var noConversation = new Activity { Type = type, From = new() { Id = "u" } };
        var emptyId = new Activity { Type = type, From = new() { Id = "u" }, Conversation = new() { Name = "c" } };

        Assert.Equal(["conversation.id is required."], noConversation.Validate());
        Assert.Equal(["conversation.id is required."], emptyId.Validate());
    }

    [Fact]
    public void A_message_without_a_sender_id_is_invalid()
    {
        var noFrom = new Activity { Type = ActivityTypes.Message, Conversation = new() { Id = "c" } };
        var emptyId = new Activity { Type = ActivityTypes.Message, Conversation = new() { Id = "c" }, From = new() { Name = "Kari" } };

        Assert.Equal(["from.id is required on a message."], noFrom.Validate());
        Assert.Equal(["from.id is required on a message."], emptyId.Validate());
    }

    [Theory]
    [InlineData(ActivityTypes.ConversationUpdate)]
    [InlineData(ActivityTypes.Event)]
    [InlineData(ActivityTypes.Typing)]
    public void Only_messages_need_a_sender_id(string type)
    {
        Assert.Empty(new Activity { Type = type, Conversation = new() { Id = "c" } }.Validate());
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = ActivityJson.Deserialize("""{ "type": "message", "text": "hei" }""")!.Validate();

        Assert.Equal(["conversation.id is required.", "from.id is required on a message."], problems);
        Assert.Equal(["type is required.", "conversation.id is required."], new Activity().Validate());
    }
}
