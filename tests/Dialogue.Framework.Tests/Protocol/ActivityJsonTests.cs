using System.Text.Json;
using Dialogue.Framework.Protocol;

namespace Dialogue.Framework.Tests.Protocol;

/// <summary>The shared JSON options: wire names, nulls, dates and strictness.</summary>
public sealed class ActivityJsonTests
{
    [Fact]
    public void Only_the_fields_that_are_set_are_written()
    {
        var json = ActivityJson.Serialize(new Activity { Type = ActivityTypes.Message, Text = "hei" });

        Assert.Equal("""{"type":"message","text":"hei"}""", json);
    }

    [Fact]
    public void Null_fields_in_nested_objects_are_left_out_too()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            From = new ChannelAccount { Id = "u1" },
            Conversation = new ConversationAccount { Id = "c1" },
            SuggestedActions = new SuggestedActions { Actions = [new CardAction { Type = ActionTypes.ImBack, Title = "Ja" }] },
        };

        var json = ActivityJson.Serialize(activity);

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        JsonAssert.Equal("""
            { "type": "message", "from": { "id": "u1" }, "conversation": { "id": "c1" },
              "suggestedActions": { "actions": [ { "type": "imBack", "title": "Ja" } ] } }
            """, json);
    }

    [Fact]
    public void Every_typed_field_is_written_under_its_camel_case_wire_name()
    {
        var account = new ChannelAccount { Id = "a", Name = "A", AadObjectId = "aad", Role = RoleTypes.User };
        var conversation = new ConversationAccount
        {
            Id = "c", Name = "C", IsGroup = false, ConversationType = "personal", TenantId = "t", AadObjectId = "caad", Role = "bot",
        };
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = "1",
            Timestamp = new DateTimeOffset(2024, 3, 5, 9, 15, 2, TimeSpan.Zero),
            LocalTimestamp = new DateTimeOffset(2024, 3, 5, 10, 15, 2, TimeSpan.FromHours(1)),
            LocalTimezone = "Europe/Oslo",
            ChannelId = "webchat",
            ServiceUrl = "https://example.org/",
            From = account,
            Recipient = account,
            Conversation = conversation,
            ReplyToId = "0",
            Text = "t",
            TextFormat = TextFormatTypes.Markdown,
            Locale = "nb-NO",
            InputHint = InputHints.IgnoringInput,
            Speak = "s",
            Summary = "sum",
            SuggestedActions = new SuggestedActions
            {
                To = ["a"],
                Actions =
                [
                    new CardAction
                    {
                        Type = ActionTypes.MessageBack, Title = "ti", Value = JsonSerializer.SerializeToElement(new { k = 1 }),
                        Text = "te", DisplayText = "d", Image = "i", ImageAltText = "alt",
                    },
                ],
            },
            Attachments =
            [
                new Attachment
                {
                    ContentType = "image/png", ContentUrl = "u", Content = JsonSerializer.SerializeToElement("x"), Name = "n", ThumbnailUrl = "th",
                },
            ],
            AttachmentLayout = AttachmentLayoutTypes.List,
            Entities = [new Entity { Type = "clientInfo" }],
            ChannelData = JsonSerializer.SerializeToElement(new { cd = true }),
            Value = JsonSerializer.SerializeToElement(new[] { 1, 2 }),
            Name = "nm",
            RelatesTo = new ConversationReference
            {
                ActivityId = "r", User = account, Bot = account, Conversation = conversation, ChannelId = "ch", ServiceUrl = "su", Locale = "en",
            },
            DeliveryMode = DeliveryModes.Notification,
            MembersAdded = [account],
            MembersRemoved = [account],
            Action = "add",
            Code = EndOfConversationCodes.UserCancelled,
            Expiration = new DateTimeOffset(2024, 3, 6, 0, 0, 0, TimeSpan.Zero),
            Importance = "low",
            ListenFor = ["ja"],
            ValueType = "vt",
            Label = "l",
            CallerId = "urn:botframework:azure",
        };

        const string a = """{ "id": "a", "name": "A", "aadObjectId": "aad", "role": "user" }""";
        const string c = """
            { "id": "c", "name": "C", "isGroup": false, "conversationType": "personal", "tenantId": "t", "aadObjectId": "caad", "role": "bot" }
            """;
        JsonAssert.Equal($$"""
            {
              "type": "message", "id": "1", "timestamp": "2024-03-05T09:15:02Z", "localTimestamp": "2024-03-05T10:15:02+01:00",
              "localTimezone": "Europe/Oslo", "channelId": "webchat", "serviceUrl": "https://example.org/",
              "from": {{a}}, "recipient": {{a}}, "conversation": {{c}}, "replyToId": "0", "text": "t", "textFormat": "markdown",
              "locale": "nb-NO", "inputHint": "ignoringInput", "speak": "s", "summary": "sum",
              "suggestedActions": { "to": [ "a" ], "actions": [ { "type": "messageBack", "title": "ti", "value": { "k": 1 },
                "text": "te", "displayText": "d", "image": "i", "imageAltText": "alt" } ] },
              "attachments": [ { "contentType": "image/png", "contentUrl": "u", "content": "x", "name": "n", "thumbnailUrl": "th" } ],
              "attachmentLayout": "list", "entities": [ { "type": "clientInfo" } ], "channelData": { "cd": true }, "value": [ 1, 2 ],
              "name": "nm",
              "relatesTo": { "activityId": "r", "user": {{a}}, "bot": {{a}}, "conversation": {{c}}, "channelId": "ch",
                "serviceUrl": "su", "locale": "en" },
              "deliveryMode": "notification", "membersAdded": [ {{a}} ], "membersRemoved": [ {{a}} ], "action": "add",
              "code": "userCancelled", "expiration": "2024-03-06T00:00:00Z", "importance": "low", "listenFor": [ "ja" ],
              "valueType": "vt", "label": "l", "callerId": "urn:botframework:azure"
            }
            """, ActivityJson.Serialize(activity));
    }

    [Fact]
    public void Field_names_are_read_case_insensitively()
    {
        var activity = ActivityJson.Deserialize("""
            { "Type": "message", "TEXT": "hei", "From": { "ID": "u1" }, "conversation": { "Id": "c1", "IsGroup": true } }
            """)!;

        Assert.Equal(("message", "hei", "u1", "c1", true),
            (activity.Type, activity.Text, activity.From!.Id, activity.Conversation!.Id, activity.Conversation.IsGroup));
        Assert.Null(activity.Properties);
    }

    [Fact]
    public void The_local_timestamp_keeps_the_senders_offset()
    {
        var activity = ActivityJson.Deserialize("""{ "type": "message", "localTimestamp": "2016-09-23T13:07:49.4714686-07:00" }""")!;

        Assert.Equal(TimeSpan.FromHours(-7), activity.LocalTimestamp!.Value.Offset);
        Assert.Equal(new DateTime(2016, 9, 23, 13, 7, 49).AddTicks(4714686), activity.LocalTimestamp.Value.DateTime);
        Assert.Contains("\"localTimestamp\":\"2016-09-23T13:07:49.4714686-07:00\"", ActivityJson.Serialize(activity), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "2024-03-05T09:15:02Z")]
    [InlineData(5_000_000, "2024-03-05T09:15:02.5Z")]
    [InlineData(1_234_567, "2024-03-05T09:15:02.1234567Z")]
    [InlineData(7_890_000, "2024-03-05T09:15:02.789Z")]
    public void Utc_times_are_written_in_iso_8601_with_Z_and_no_trailing_zeros(long ticks, string expected)
    {
        var activity = new Activity { Timestamp = new DateTimeOffset(2024, 3, 5, 9, 15, 2, TimeSpan.Zero).AddTicks(ticks) };

        Assert.Equal($$"""{"timestamp":"{{expected}}"}""", ActivityJson.Serialize(activity));
    }

    [Fact]
    public void A_time_without_an_offset_is_read_as_utc_not_as_server_local_time()
    {
        var activity = ActivityJson.Deserialize("""{ "type": "message", "timestamp": "2024-03-05T09:15:02" }""")!;

        Assert.Equal(TimeSpan.Zero, activity.Timestamp!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 9, 15, 2, TimeSpan.Zero), activity.Timestamp);
    }

    [Theory]
    [InlineData("\"05.03.2024 09:15\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("1709630102")]
    [InlineData("true")]
    public void A_time_that_is_not_an_iso_8601_string_is_rejected(string value)
    {
        Assert.Throws<JsonException>(() => ActivityJson.Deserialize($$"""{ "type": "message", "timestamp": {{value}} }"""));
    }

    [Theory]
    [InlineData("""{ "type": "message", "text": 5 }""")]
    [InlineData("""{ "type": "message", "from": "u1" }""")]
    [InlineData("""{ "type": "message", "conversation": { "id": "c", "isGroup": "yes" } }""")]
    [InlineData("""{ "type": "message", "attachments": { "contentType": "image/png" } }""")]
    [InlineData("""{ "type": "message", "suggestedActions": { "to": "u1" } }""")]
    [InlineData("""{ "type": 1 }""")]
    public void A_field_of_the_wrong_json_type_is_rejected(string json)
    {
        Assert.Throws<JsonException>(() => ActivityJson.Deserialize(json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"message\"")]
    [InlineData("""{ "type": "message", }""")]
    [InlineData("""{ /* comment */ "type": "message" }""")]
    [InlineData("""{ "type": "message" } { "type": "message" }""")]
    public void Input_that_is_not_one_json_activity_object_is_rejected(string json)
    {
        Assert.Throws<JsonException>(() => ActivityJson.Deserialize(json));
    }

    [Fact]
    public void The_json_literal_null_reads_as_no_activity()
    {
        Assert.Null(ActivityJson.Deserialize("null"));
    }

    [Fact]
    public void A_null_field_on_the_wire_reads_as_not_set_and_is_not_written_back()
    {
        var activity = ActivityJson.Deserialize("""{ "type": "message", "text": null, "channelData": null, "value": null, "from": null }""")!;

        Assert.Null(activity.Text);
        Assert.Null(activity.ChannelData);
        Assert.Null(activity.Value);
        Assert.Null(activity.From);
        Assert.Equal("""{"type":"message"}""", ActivityJson.Serialize(activity));
    }

    [Fact]
    public void The_shared_options_cannot_be_changed_by_a_caller()
    {
        Assert.True(ActivityJson.Options.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => ActivityJson.Options.WriteIndented = true);
    }

    [Fact]
    public void Norwegian_letters_are_written_as_they_are_and_html_characters_are_escaped()
    {
        var json = ActivityJson.Serialize(new Activity { Text = "Blir det bra på fredag, Åse? Bær ørsmå <b>" });

        Assert.Contains("Blir det bra på fredag, Åse? Bær ørsmå", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", json, StringComparison.Ordinal);
        Assert.Equal("Blir det bra på fredag, Åse? Bær ørsmå <b>", ActivityJson.Deserialize(json)!.Text);
    }

    [Fact]
    public void A_list_of_replies_round_trips_with_the_shared_options()
    {
        IReadOnlyList<Activity> replies =
        [
            new Activity { Type = ActivityTypes.Message, Text = "a", Timestamp = new DateTimeOffset(2024, 3, 5, 9, 0, 0, TimeSpan.Zero) },
            new Activity { Type = ActivityTypes.Typing },
        ];

        var json = JsonSerializer.Serialize(replies, ActivityJson.Options);
        var read = JsonSerializer.Deserialize<List<Activity>>(json, ActivityJson.Options)!;

        JsonAssert.Equal("""[ { "type": "message", "text": "a", "timestamp": "2024-03-05T09:00:00Z" }, { "type": "typing" } ]""", json);
        Assert.Equal(["a", null], read.Select(r => r.Text));
        Assert.Equal(replies[0].Timestamp, read[0].Timestamp);
    }

    [Fact]
    public void Raw_json_values_set_in_code_are_written_as_json_not_as_strings()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Event,
            Value = JsonSerializer.SerializeToElement(new { step = 2, done = true }),
            SuggestedActions = new SuggestedActions
            {
                Actions = [new CardAction { Type = ActionTypes.ImBack, Value = JsonSerializer.SerializeToElement("Ja") }],
            },
        };

        JsonAssert.Equal("""
            { "type": "event", "value": { "step": 2, "done": true },
              "suggestedActions": { "actions": [ { "type": "imBack", "value": "Ja" } ] } }
            """, ActivityJson.Serialize(activity));
    }
}
