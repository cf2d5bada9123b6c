using System.Text.Json;
using Dialogue.Framework.Protocol;

namespace Dialogue.Framework.Tests.Protocol;

/// <summary>The Connector and Direct Line response and request bodies around activities.</summary>
public sealed class ResponseTypesTests
{
    private static string Write<T>(T value) => JsonSerializer.Serialize(value, ActivityJson.Options);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, ActivityJson.Options)!;

    [Fact]
    public void Expected_replies_are_an_object_with_an_activities_array()
    {
        var replies = new ExpectedReplies
        {
            Activities = [new Activity { Type = ActivityTypes.Message, Text = "Hei!" }, new Activity { Type = ActivityTypes.Message, Text = "Hva heter du?" }],
        };

        JsonAssert.Equal("""
            { "activities": [ { "type": "message", "text": "Hei!" }, { "type": "message", "text": "Hva heter du?" } ] }
            """, Write(replies));
    }

    [Fact]
    public void No_replies_are_written_as_an_empty_activities_array()
    {
        Assert.Equal("""{"activities":[]}""", Write(new ExpectedReplies()));
    }

    [Fact]
    public void Expected_replies_read_back_in_order_and_never_as_a_null_list()
    {
        var read = Read<ExpectedReplies>("""{ "activities": [ { "type": "message", "text": "1" }, { "type": "typing" } ] }""");

        Assert.Equal(["1", null], read.Activities.Select(a => a.Text));
        Assert.Empty(Read<ExpectedReplies>("""{ "activities": null }""").Activities);
        Assert.Empty(Read<ExpectedReplies>("{}").Activities);
    }

    [Fact]
    public void A_resource_response_carries_the_activity_id()
    {
        Assert.Equal("""{"id":"1234"}""", Write(new ResourceResponse { Id = "1234" }));
        Assert.Equal("abc", Read<ResourceResponse>("""{ "id": "abc" }""").Id);
    }

    [Fact]
    public void An_error_response_has_the_bot_framework_shape_and_keeps_inner_details()
    {
        const string json = """
            { "error": { "code": "BadArgument", "message": "conversation.id is required.",
                         "innerHttpError": { "statusCode": 400, "body": { "x": 1 } } } }
            """;

        var read = Read<ErrorResponse>(json);

        Assert.Equal(("BadArgument", "conversation.id is required."), (read.Error!.Code, read.Error.Message));
        Assert.Equal(400, read.Error.Properties!["innerHttpError"].GetProperty("statusCode").GetInt32());
        JsonAssert.Equal(json, Write(read));
        Assert.Equal("""{"error":{"code":"ServiceError","message":"Try again."}}""",
            Write(new ErrorResponse { Error = new ErrorDetail { Code = "ServiceError", Message = "Try again." } }));
    }

    [Fact]
    public void Conversation_parameters_use_the_connector_field_names()
    {
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = "+4759446622", Name = "dialogue-bot" },
            Members = [new ChannelAccount { Id = "+4791234567" }],
            TopicName = "Plan",
            TenantId = "t1",
            Activity = new Activity { Type = ActivityTypes.Message, Text = "Hei! Husk tannlegen i dag." },
            ChannelData = JsonSerializer.SerializeToElement(new { notify = true }),
        };

        JsonAssert.Equal("""
            {
              "isGroup": false,
              "bot": { "id": "+4759446622", "name": "dialogue-bot" },
              "members": [ { "id": "+4791234567" } ],
              "topicName": "Plan",
              "tenantId": "t1",
              "activity": { "type": "message", "text": "Hei! Husk tannlegen i dag." },
              "channelData": { "notify": true }
            }
            """, Write(parameters));
    }

    [Fact]
    public void A_conversation_resource_response_reads_the_id_service_url_and_first_activity()
    {
        const string json = """{ "activityId": "act-1", "serviceUrl": "https://sms.botframework.com/", "id": "conv-1" }""";

        var read = Read<ConversationResourceResponse>(json);

        Assert.Equal(("conv-1", "https://sms.botframework.com/", "act-1"), (read.Id, read.ServiceUrl, read.ActivityId));
        JsonAssert.Equal(json, Write(read));
    }

    [Fact]
    public void A_direct_line_activity_set_keeps_its_activities_and_watermark()
    {
        var json = $$"""{ "activities": [ {{ExampleActivities.Typing}}, {{ExampleActivities.WebChatMessage}} ], "watermark": "0000a-42" }""";

        var read = Read<ActivitySet>(json);

        Assert.Equal("0000a-42", read.Watermark);
        Assert.Equal([ActivityTypes.Typing, ActivityTypes.Message], read.Activities.Select(a => a.Type));
        JsonAssert.Equal(json, Write(read));
        Assert.Empty(Read<ActivitySet>("""{ "activities": null }""").Activities);
    }

    [Fact]
    public void A_direct_line_conversation_reads_expires_in_in_snake_case()
    {
        const string json = """
            {
              "conversationId": "abc123",
              "token": "RCurR_XV9ZA.cwA.BKA.iaJrC8xpy8qbOF5xnR2vtCX7CZj0LdjAPGfiCpg4Fv0y8qbOF5xPGfiCpg4Fv0y8qqbOF5x8qbOF5xn",
              "expires_in": 1800,
              "streamUrl": "https://directline.botframework.com/v3/directline/conversations/abc123/stream?t=RCurR_XV9ZA.cwA...",
              "referenceGrammarId": "0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
              "eTag": "W/\"datetime'2024-03-05T09%3A14%3A58.555Z'\""
            }
            """;

        var read = Read<DirectLineConversation>(json);

        Assert.Equal(("abc123", 1800), (read.ConversationId, read.ExpiresIn));
        Assert.StartsWith("RCurR_XV9ZA", read.Token, StringComparison.Ordinal);
        Assert.EndsWith("/abc123/stream?t=RCurR_XV9ZA.cwA...", read.StreamUrl, StringComparison.Ordinal);
        Assert.Equal("0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e", read.ReferenceGrammarId);
        Assert.StartsWith("W/", read.ETag, StringComparison.Ordinal);
        Assert.Null(read.Properties);
        JsonAssert.Equal(json, Write(read));
    }
}
