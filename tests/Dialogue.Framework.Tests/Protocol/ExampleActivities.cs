namespace Dialogue.Framework.Tests.Protocol;

/// <summary>
/// Activities as channels send them, written after the examples in the public Bot Framework Activity spec,
/// Connector REST API and Direct Line 3.0 docs (ids and texts are made up).
/// </summary>
internal static class ExampleActivities
{
    /// <summary>A bot message as Web Chat receives it: buttons (suggestedActions), a hero card, Web Chat's channelData.</summary>
    public const string WebChatMessage = """
        {
          "type": "message",
          "id": "Ab12Cd34Ef5-no|0000007",
          "timestamp": "2024-03-05T09:15:02.1234567Z",
          "localTimestamp": "2024-03-05T10:15:01.987+01:00",
          "localTimezone": "Europe/Oslo",
          "channelId": "webchat",
          "serviceUrl": "https://webchat.botframework.com/",
          "from": { "id": "dialogue-bot@Tx4vLd0Ow0E", "name": "Dialogue", "role": "bot" },
          "recipient": { "id": "dl_7f3a9c", "name": "Kari", "role": "user" },
          "conversation": { "id": "Ab12Cd34Ef5-no" },
          "replyToId": "Ab12Cd34Ef5-no|0000006",
          "text": "Vil du ringe tannlegen på fredag?",
          "textFormat": "plain",
          "locale": "nb-NO",
          "inputHint": "expectingInput",
          "speak": "Vil du ringe tannlegen på fredag?",
          "suggestedActions": {
            "to": [ "dl_7f3a9c" ],
            "actions": [
              { "type": "imBack", "title": "Ja", "value": "Ja" },
              { "type": "imBack", "title": "Nei", "value": "Nei", "image": "https://example.org/icons/no.png", "imageAltText": "Nei-ikon" },
              { "type": "messageBack", "title": "Senere", "text": "senere", "displayText": "Senere",
                "value": { "choice": "later", "days": 2, "confirm": false, "note": null },
                "channelData": { "source": "quick-reply" } },
              { "type": "openUrl", "title": "Les mer", "value": "https://www.nav.no/" }
            ]
          },
          "attachments": [
            {
              "contentType": "application/vnd.microsoft.card.hero",
              "content": {
                "title": "Tannlegen",
                "subtitle": "Fredag 8. mars",
                "images": [ { "url": "https://example.org/tooth.png" } ],
                "buttons": [ { "type": "imBack", "title": "Ja", "value": "Ja" } ]
              }
            },
            { "contentType": "image/png", "contentUrl": "https://example.org/map.png", "name": "kart.png", "thumbnailUrl": "https://example.org/map-small.png" }
          ],
          "attachmentLayout": "carousel",
          "channelData": {
            "clientActivityID": "17096301019870.7hx3k2m1",
            "clientTimestamp": "2024-03-05T09:15:01.987Z",
            "webchat": { "retries": 0, "ratio": 1.5, "tags": [ "a", null, true, 3 ] }
          }
        }
        """;

    /// <summary>Direct Line: the bot and the user join a new conversation.</summary>
    public const string DirectLineConversationUpdate = """
        {
          "type": "conversationUpdate",
          "id": "Gw8zJ3hW9kQ",
          "timestamp": "2024-03-05T09:14:58.5551234Z",
          "serviceUrl": "https://directline.botframework.com/",
          "channelId": "directline",
          "from": { "id": "dl_7f3a9c" },
          "conversation": { "id": "Gw8zJ3hW9kQ" },
          "recipient": { "id": "dialogue-bot@Tx4vLd0Ow0E", "name": "Dialogue" },
          "membersAdded": [
            { "id": "dialogue-bot@Tx4vLd0Ow0E", "name": "Dialogue" },
            { "id": "dl_7f3a9c", "name": "Kari" }
          ],
          "membersRemoved": []
        }
        """;

    /// <summary>
    /// A Teams-like group message: an @mention and clientInfo entity, a tenant, an HTML attachment whose content is
    /// a string, and fields this model does not know at the top level and inside nested objects.
    /// </summary>
    public const string TeamsMessage = """
        {
          "type": "message",
          "id": "1709630101987",
          "timestamp": "2024-03-05T09:15:01.987Z",
          "localTimestamp": "2024-03-05T04:15:01.987-05:00",
          "localTimezone": "America/New_York",
          "serviceUrl": "https://smba.trafficmanager.net/emea/",
          "channelId": "msteams",
          "from": {
            "id": "29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQtHieVkKilBZ9XHoq9j7Zaqt7CZ-NJWi7me2kHTL3Bw",
            "name": "Kari Nordmann",
            "aadObjectId": "6b8ecf14-9a1b-4d6c-9e73-1c2b2d3f4a5b",
            "userPrincipalName": "kari@contoso.no"
          },
          "conversation": {
            "isGroup": true,
            "conversationType": "channel",
            "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
            "id": "19:a1b2c3d4e5@thread.tacv2;messageid=1709630101987",
            "memberCount": 3
          },
          "recipient": { "id": "28:0a1b2c3d-aaaa-bbbb-cccc-1234567890ab", "name": "Dialogue" },
          "textFormat": "plain",
          "text": "<at>Dialogue</at> hjelp meg med planen",
          "attachments": [
            { "contentType": "text/html", "content": "<div><div><span itemscope=\"\" itemtype=\"http://schema.skype.com/Mention\" itemid=\"0\">Dialogue</span> hjelp meg med planen</div></div>" }
          ],
          "entities": [
            {
              "type": "mention",
              "mentioned": { "id": "28:0a1b2c3d-aaaa-bbbb-cccc-1234567890ab", "name": "Dialogue" },
              "text": "<at>Dialogue</at>"
            },
            { "type": "clientInfo", "locale": "nb-NO", "country": "NO", "platform": "Web", "timezone": "Europe/Oslo" }
          ],
          "channelData": {
            "teamsChannelId": "19:a1b2c3d4e5@thread.tacv2",
            "teamsTeamId": "19:f0e9d8c7b6@thread.tacv2",
            "channel": { "id": "19:a1b2c3d4e5@thread.tacv2" },
            "team": { "id": "19:f0e9d8c7b6@thread.tacv2" },
            "tenant": { "id": "72f988bf-86f1-41af-91ab-2d7cd011db47" }
          },
          "locale": "nb-NO",
          "rawTimestamp": "2024-03-05T09:15:01.987Z",
          "topicName": "Oppfølging",
          "reactionsAdded": [ { "type": "like" } ],
          "textHighlights": null
        }
        """;

    /// <summary>An SMS from a phone, as the SMS channel forwards it (Twilio fields in channelData).</summary>
    public const string SmsMessage = """
        {
          "type": "message",
          "id": "SM4f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c",
          "timestamp": "2024-03-05T18:02:44.31Z",
          "serviceUrl": "https://sms.botframework.com/",
          "channelId": "sms",
          "from": { "id": "+4791234567", "name": "+4791234567" },
          "conversation": { "id": "+4791234567+4759446622" },
          "recipient": { "id": "+4759446622", "name": "dialogue-bot" },
          "text": "ja pa fredag",
          "entities": [],
          "channelData": {
            "SmsSid": "SM4f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c",
            "AccountSid": "AC0123456789abcdef0123456789abcdef",
            "From": "+4791234567",
            "To": "+4759446622",
            "Body": "ja pa fredag",
            "NumMedia": "0",
            "NumSegments": "1"
          }
        }
        """;

    /// <summary>A caller (a test client, a skill host) asking for the replies in the HTTP response.</summary>
    public const string ExpectRepliesMessage = """
        {
          "type": "message",
          "id": "c1b4f3e2-7a0d-4c55-9b8e-2f6a1d3c4b5a",
          "channelId": "test",
          "serviceUrl": "http://127.0.0.1:1",
          "deliveryMode": "expectReplies",
          "from": { "id": "u1", "name": "Kari", "role": "user" },
          "recipient": { "id": "bot", "name": "Dialogue", "role": "bot" },
          "conversation": { "id": "c1", "isGroup": false },
          "text": "hei",
          "locale": "nb-NO",
          "callerId": "urn:botframework:azure"
        }
        """;

    /// <summary>Web Chat's join event, sent by the page when it opens, with a value and a conversation reference.</summary>
    public const string WebChatJoinEvent = """
        {
          "type": "event",
          "id": "Ab12Cd34Ef5-no|0000000",
          "timestamp": "2024-03-05T09:14:59.0000001Z",
          "channelId": "webchat",
          "serviceUrl": "https://webchat.botframework.com/",
          "from": { "id": "dl_7f3a9c" },
          "conversation": { "id": "Ab12Cd34Ef5-no" },
          "recipient": { "id": "dialogue-bot@Tx4vLd0Ow0E", "name": "Dialogue" },
          "name": "webchat/join",
          "value": { "language": "nb-NO", "returning": true, "plan": { "steps": 3, "done": [ 1 ] } },
          "relatesTo": {
            "activityId": "Zz9-old|0000004",
            "user": { "id": "dl_7f3a9c" },
            "bot": { "id": "dialogue-bot@Tx4vLd0Ow0E", "name": "Dialogue" },
            "conversation": { "id": "Zz9-old" },
            "channelId": "webchat",
            "serviceUrl": "https://webchat.botframework.com/",
            "locale": "nb-NO"
          }
        }
        """;

    /// <summary>A typing indicator from the user.</summary>
    public const string Typing = """
        {
          "type": "typing",
          "id": "Gw8zJ3hW9kQ|0000003",
          "timestamp": "2024-03-05T09:15:10.2Z",
          "channelId": "directline",
          "serviceUrl": "https://directline.botframework.com/",
          "from": { "id": "dl_7f3a9c", "name": "Kari" },
          "conversation": { "id": "Gw8zJ3hW9kQ" },
          "recipient": { "id": "dialogue-bot@Tx4vLd0Ow0E", "name": "Dialogue" }
        }
        """;

    /// <summary>A handoff to a person, carrying the transcript so far as an attachment.</summary>
    public const string Handoff = """
        {
          "type": "handoff",
          "channelId": "directline",
          "from": { "id": "dialogue-bot@Tx4vLd0Ow0E", "name": "Dialogue", "role": "bot" },
          "recipient": { "id": "veileder-desk", "role": "skill" },
          "conversation": { "id": "Gw8zJ3hW9kQ" },
          "name": "handoff.initiate",
          "value": { "reason": "distress", "skill": "veileder", "priority": 1 },
          "attachments": [
            {
              "contentType": "application/vnd.microsoft.activity.transcript",
              "content": [
                { "type": "message", "from": { "id": "dl_7f3a9c" }, "text": "jeg orker ikke mer" },
                { "type": "message", "from": { "id": "dialogue-bot@Tx4vLd0Ow0E" }, "text": "Jeg henter en veileder." }
              ]
            }
          ],
          "relatesTo": {
            "activityId": "Gw8zJ3hW9kQ|0000009",
            "conversation": { "id": "Gw8zJ3hW9kQ" },
            "channelId": "directline"
          }
        }
        """;

    /// <summary>Every field the model types that the other examples do not use (trace, endOfConversation and installation fields together).</summary>
    public const string RemainingFields = """
        {
          "type": "trace",
          "action": "add",
          "code": "completedSuccessfully",
          "expiration": "2024-03-06T00:00:00Z",
          "importance": "high",
          "listenFor": [ "ja", "nei", "kanskje" ],
          "valueType": "https://www.botframework.com/schemas/botState",
          "label": "Bot State",
          "summary": "Tilstand",
          "name": "BotState",
          "value": { "conversationState": { "step": 2 } },
          "conversation": { "id": "c1", "name": "Kari og Dialogue", "aadObjectId": "conv-aad", "role": "user" },
          "from": { "id": "bot", "aadObjectId": "bot-aad" }
        }
        """;

    public static IEnumerable<string> Names =>
    [
        nameof(WebChatMessage), nameof(DirectLineConversationUpdate), nameof(TeamsMessage), nameof(SmsMessage),
        nameof(ExpectRepliesMessage), nameof(WebChatJoinEvent), nameof(Typing), nameof(Handoff), nameof(RemainingFields),
    ];

    public static string Get(string name) => name switch
    {
        nameof(WebChatMessage) => WebChatMessage,
        nameof(DirectLineConversationUpdate) => DirectLineConversationUpdate,
        nameof(TeamsMessage) => TeamsMessage,
        nameof(SmsMessage) => SmsMessage,
        nameof(ExpectRepliesMessage) => ExpectRepliesMessage,
        nameof(WebChatJoinEvent) => WebChatJoinEvent,
        nameof(Typing) => Typing,
        nameof(Handoff) => Handoff,
        nameof(RemainingFields) => RemainingFields,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such example."),
    };
}
