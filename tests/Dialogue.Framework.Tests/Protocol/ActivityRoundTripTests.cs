using System.Text.Json;
using Dialogue.Framework.Protocol;

namespace Dialogue.Framework.Tests.Protocol;

/// <summary>Activities as channels send them are read into the typed model and written back without losing anything.</summary>
public sealed class ActivityRoundTripTests
{
    public static TheoryData<string> Examples => new(ExampleActivities.Names);

    [Theory]
    [MemberData(nameof(Examples))]
    public void An_activity_from_a_channel_is_written_back_as_the_same_json(string example)
    {
        var json = ExampleActivities.Get(example);

        var activity = ActivityJson.Deserialize(json)!;
        var written = ActivityJson.Serialize(activity);

        JsonAssert.Equal(json, written);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Writing_a_read_activity_twice_gives_the_same_json(string example)
    {
        var once = ActivityJson.Serialize(ActivityJson.Deserialize(ExampleActivities.Get(example))!);
        var twice = ActivityJson.Serialize(ActivityJson.Deserialize(once)!);

        Assert.Equal(once, twice);
    }

    [Theory]
    [InlineData(nameof(ExampleActivities.WebChatMessage), new string[0])]
    [InlineData(nameof(ExampleActivities.DirectLineConversationUpdate), new string[0])]
    [InlineData(nameof(ExampleActivities.TeamsMessage), new[] { "rawTimestamp", "reactionsAdded", "textHighlights", "topicName" })]
    [InlineData(nameof(ExampleActivities.SmsMessage), new string[0])]
    [InlineData(nameof(ExampleActivities.ExpectRepliesMessage), new string[0])]
    [InlineData(nameof(ExampleActivities.WebChatJoinEvent), new string[0])]
    [InlineData(nameof(ExampleActivities.Typing), new string[0])]
    [InlineData(nameof(ExampleActivities.Handoff), new string[0])]
    [InlineData(nameof(ExampleActivities.RemainingFields), new string[0])]
    public void Only_fields_the_model_does_not_know_end_up_in_Properties(string example, string[] unknown)
    {
        var activity = ActivityJson.Deserialize(ExampleActivities.Get(example))!;

        var kept = (activity.Properties?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(unknown, kept);
    }

    [Fact]
    public void A_web_chat_message_reads_its_buttons_cards_channel_data_and_times()
    {
        var activity = ActivityJson.Deserialize(ExampleActivities.WebChatMessage)!;

        Assert.True(activity.IsType(ActivityTypes.Message));
        Assert.Equal(InputHints.ExpectingInput, activity.InputHint);
        Assert.Equal(TextFormatTypes.Plain, activity.TextFormat);
        Assert.Equal("Europe/Oslo", activity.LocalTimezone);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 9, 15, 2, TimeSpan.Zero).AddTicks(1234567), activity.Timestamp);
        Assert.Equal(TimeSpan.FromHours(1), activity.LocalTimestamp!.Value.Offset);
        Assert.Equal("Kari", activity.Recipient!.Name);
        Assert.Equal(RoleTypes.Bot, activity.From!.Role);

        var suggested = activity.SuggestedActions!;
        Assert.Equal(["dl_7f3a9c"], suggested.To!);
        Assert.Equal(4, suggested.Actions!.Count);
        Assert.Equal(ActionTypes.ImBack, suggested.Actions[0].Type);
        Assert.Equal("Ja", suggested.Actions[0].Value!.Value.GetString());
        Assert.Equal("https://example.org/icons/no.png", suggested.Actions[1].Image);
        Assert.Equal("Nei-ikon", suggested.Actions[1].ImageAltText);
        var later = suggested.Actions[2];
        Assert.Equal((ActionTypes.MessageBack, "senere", "Senere"), (later.Type, later.Text, later.DisplayText));
        Assert.Equal("later", later.Value!.Value.GetProperty("choice").GetString());
        Assert.Equal("quick-reply", later.Properties!["channelData"].GetProperty("source").GetString());
        Assert.Equal(ActionTypes.OpenUrl, suggested.Actions[3].Type);

        Assert.Equal(AttachmentLayoutTypes.Carousel, activity.AttachmentLayout);
        Assert.Equal("Tannlegen", activity.Attachments![0].Content!.Value.GetProperty("title").GetString());
        Assert.Equal(("kart.png", "https://example.org/map.png", "https://example.org/map-small.png"),
            (activity.Attachments[1].Name, activity.Attachments[1].ContentUrl, activity.Attachments[1].ThumbnailUrl));
        Assert.Equal("17096301019870.7hx3k2m1", activity.ChannelData!.Value.GetProperty("clientActivityID").GetString());
    }

    [Fact]
    public void A_conversation_update_reads_who_joined_and_keeps_an_empty_removed_list()
    {
        var activity = ActivityJson.Deserialize(ExampleActivities.DirectLineConversationUpdate)!;

        Assert.True(activity.IsType(ActivityTypes.ConversationUpdate));
        Assert.Equal(["dialogue-bot@Tx4vLd0Ow0E", "dl_7f3a9c"], activity.MembersAdded!.Select(m => m.Id));
        Assert.Equal("Kari", activity.MembersAdded![1].Name);
        Assert.NotNull(activity.MembersRemoved);
        Assert.Empty(activity.MembersRemoved);
    }

    [Fact]
    public void A_teams_message_reads_mention_and_client_info_entities_and_the_tenant()
    {
        var activity = ActivityJson.Deserialize(ExampleActivities.TeamsMessage)!;

        var mention = Assert.Single(activity.Entities!, e => e.Type == "mention");
        Assert.Equal("<at>Dialogue</at>", mention.Properties!["text"].GetString());
        Assert.Equal(activity.Recipient!.Id, mention.Properties["mentioned"].GetProperty("id").GetString());
        var clientInfo = Assert.Single(activity.Entities!, e => e.Type == "clientInfo");
        Assert.Equal("Europe/Oslo", clientInfo.Properties!["timezone"].GetString());

        Assert.Equal("6b8ecf14-9a1b-4d6c-9e73-1c2b2d3f4a5b", activity.From!.AadObjectId);
        Assert.Equal("kari@contoso.no", activity.From.Properties!["userPrincipalName"].GetString());
        Assert.Equal((true, "channel", "72f988bf-86f1-41af-91ab-2d7cd011db47"),
            (activity.Conversation!.IsGroup, activity.Conversation.ConversationType, activity.Conversation.TenantId));
        Assert.Equal(3, activity.Conversation.Properties!["memberCount"].GetInt32());
        Assert.Equal(TimeSpan.FromHours(-5), activity.LocalTimestamp!.Value.Offset);
        Assert.Equal(JsonValueKind.String, activity.Attachments![0].Content!.Value.ValueKind);
        Assert.Equal(JsonValueKind.Null, activity.Properties!["textHighlights"].ValueKind);
    }

    [Fact]
    public void An_sms_reads_the_phone_numbers_and_channel_data()
    {
        var activity = ActivityJson.Deserialize(ExampleActivities.SmsMessage)!;

        Assert.Equal(("sms", "+4791234567", "+4759446622"), (activity.ChannelId, activity.From!.Id, activity.Recipient!.Id));
        Assert.Equal("ja pa fredag", activity.Text);
        Assert.Equal("0", activity.ChannelData!.Value.GetProperty("NumMedia").GetString());
        Assert.NotNull(activity.Entities);
        Assert.Empty(activity.Entities);
    }

    [Fact]
    public void An_expect_replies_request_reads_its_delivery_mode_and_caller()
    {
        var activity = ActivityJson.Deserialize(ExampleActivities.ExpectRepliesMessage)!;

        Assert.Equal(DeliveryModes.ExpectReplies, activity.DeliveryMode);
        Assert.Equal("urn:botframework:azure", activity.CallerId);
        Assert.False(activity.Conversation!.IsGroup);
        Assert.Null(activity.Timestamp);
    }

    [Fact]
    public void An_event_reads_its_name_value_and_the_conversation_it_relates_to()
    {
        var activity = ActivityJson.Deserialize(ExampleActivities.WebChatJoinEvent)!;

        Assert.True(activity.IsType(ActivityTypes.Event));
        Assert.Equal("webchat/join", activity.Name);
        Assert.Equal("nb-NO", activity.Value!.Value.GetProperty("language").GetString());
        Assert.Equal(3, activity.Value.Value.GetProperty("plan").GetProperty("steps").GetInt32());
        var relatesTo = activity.RelatesTo!;
        Assert.Equal(("Zz9-old|0000004", "Zz9-old", "dl_7f3a9c", "Dialogue"),
            (relatesTo.ActivityId, relatesTo.Conversation!.Id, relatesTo.User!.Id, relatesTo.Bot!.Name));
        Assert.Equal(("webchat", "https://webchat.botframework.com/", "nb-NO"),
            (relatesTo.ChannelId, relatesTo.ServiceUrl, relatesTo.Locale));
    }

    [Fact]
    public void A_typing_activity_reads_as_typing_without_content()
    {
        var activity = ActivityJson.Deserialize(ExampleActivities.Typing)!;

        Assert.True(activity.IsType(ActivityTypes.Typing));
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 9, 15, 10, 200, TimeSpan.Zero), activity.Timestamp);
        Assert.Null(activity.Text);
        Assert.Null(activity.Attachments);
    }

    [Fact]
    public void A_handoff_reads_its_transcript_attachment_and_reference()
    {
        var activity = ActivityJson.Deserialize(ExampleActivities.Handoff)!;

        Assert.True(activity.IsType(ActivityTypes.Handoff));
        Assert.Equal("handoff.initiate", activity.Name);
        Assert.Equal("distress", activity.Value!.Value.GetProperty("reason").GetString());
        Assert.Equal(RoleTypes.Skill, activity.Recipient!.Role);
        var transcript = Assert.Single(activity.Attachments!);
        Assert.Equal(2, transcript.Content!.Value.GetArrayLength());
        Assert.Equal("Gw8zJ3hW9kQ|0000009", activity.RelatesTo!.ActivityId);
    }

    [Fact]
    public void Trace_end_of_conversation_and_installation_fields_are_read()
    {
        var activity = ActivityJson.Deserialize(ExampleActivities.RemainingFields)!;

        Assert.Equal(("add", EndOfConversationCodes.CompletedSuccessfully, "high"), (activity.Action, activity.Code, activity.Importance));
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 0, 0, 0, TimeSpan.Zero), activity.Expiration);
        Assert.Equal(["ja", "nei", "kanskje"], activity.ListenFor!);
        Assert.Equal(("https://www.botframework.com/schemas/botState", "Bot State", "BotState", "Tilstand"),
            (activity.ValueType, activity.Label, activity.Name, activity.Summary));
        Assert.Equal(("Kari og Dialogue", "conv-aad", "user"),
            (activity.Conversation!.Name, activity.Conversation.AadObjectId, activity.Conversation.Role));
        Assert.Equal("bot-aad", activity.From!.AadObjectId);
    }

    [Fact]
    public void Unknown_fields_are_kept_at_every_level_of_the_activity()
    {
        const string json = """
            {
              "type": "message",
              "x": { "level": "activity", "list": [ 1, null ] },
              "from": { "id": "u", "x": "from" },
              "recipient": { "id": "b", "x": "recipient" },
              "conversation": { "id": "c", "x": "conversation" },
              "suggestedActions": { "x": "suggestedActions", "actions": [ { "type": "imBack", "value": "v", "x": "action" } ] },
              "attachments": [ { "contentType": "image/png", "x": "attachment" } ],
              "entities": [ { "type": "clientInfo", "x": "entity" } ],
              "membersAdded": [ { "id": "m1", "x": "membersAdded" } ],
              "membersRemoved": [ { "id": "m2", "x": "membersRemoved" } ],
              "relatesTo": {
                "x": "relatesTo",
                "user": { "id": "u", "x": "relatesTo.user" },
                "bot": { "id": "b", "x": "relatesTo.bot" },
                "conversation": { "id": "c0", "x": "relatesTo.conversation" }
              }
            }
            """;

        var activity = ActivityJson.Deserialize(json)!;

        JsonAssert.Equal(json, ActivityJson.Serialize(activity));
        Assert.Equal("activity", activity.Properties!["x"].GetProperty("level").GetString());
        var nested = new Dictionary<string, JsonElement>?[]
        {
            activity.From!.Properties, activity.Recipient!.Properties, activity.Conversation!.Properties,
            activity.SuggestedActions!.Properties, activity.SuggestedActions.Actions![0].Properties,
            activity.Attachments![0].Properties, activity.Entities![0].Properties,
            activity.MembersAdded![0].Properties, activity.MembersRemoved![0].Properties,
            activity.RelatesTo!.Properties, activity.RelatesTo.User!.Properties, activity.RelatesTo.Bot!.Properties,
            activity.RelatesTo.Conversation!.Properties,
        };
        Assert.Equal(
            ["from", "recipient", "conversation", "suggestedActions", "action", "attachment", "entity", "membersAdded",
             "membersRemoved", "relatesTo", "relatesTo.user", "relatesTo.bot", "relatesTo.conversation"],
            nested.Select(p => p!["x"].GetString()));
    }

    [Fact]
    public void An_unknown_field_named_properties_is_kept_like_any_other_unknown_field()
    {
        const string json = """{ "type": "event", "properties": { "a": 1 }, "from": { "id": "u", "properties": [ 2 ] } }""";

        var activity = ActivityJson.Deserialize(json)!;

        Assert.Equal(1, activity.Properties!["properties"].GetProperty("a").GetInt32());
        Assert.Equal(2, activity.From!.Properties!["properties"][0].GetInt32());
        JsonAssert.Equal(json, ActivityJson.Serialize(activity));
    }

    [Fact]
    public void Unknown_fields_added_in_code_are_written_as_fields_of_their_object()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Properties = new() { ["topicName"] = JsonSerializer.SerializeToElement("Plan") },
            From = new ChannelAccount { Id = "bot", Properties = new() { ["tier"] = JsonSerializer.SerializeToElement(2) } },
        };

        JsonAssert.Equal("""{ "type": "message", "topicName": "Plan", "from": { "id": "bot", "tier": 2 } }""",
            ActivityJson.Serialize(activity));
    }
}
