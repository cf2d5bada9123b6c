using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dialogue.Bot.Tests.Support;
using Dialogue.Framework.Protocol;

namespace Dialogue.Bot.Tests.DirectLine;

/// <summary>Speaks Direct Line 3.0 to the in-process host the way a client does: plain HTTP and a WebSocket.</summary>
public sealed class DirectLineClient(DialogueApp app)
{
    public const string Base = "/v3/directline";

    private readonly HttpClient _http = app.CreateClient();

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, Base + path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await _http.SendAsync(request);
    }

    public async Task<DirectLineConversation> GenerateAsync(string secret, string? userId = null)
    {
        using var response = await SendAsync(HttpMethod.Post, "/tokens/generate", secret,
            userId is null ? null : new JsonObject { ["user"] = new JsonObject { ["id"] = userId } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync<DirectLineConversation>(response);
    }

    public async Task<(HttpStatusCode Status, DirectLineConversation Conversation)> StartAsync(string bearer, JsonNode? body = null)
    {
        using var response = await SendAsync(HttpMethod.Post, "/conversations", bearer, body);
        Assert.True(response.IsSuccessStatusCode, $"Start answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (response.StatusCode, await ReadAsync<DirectLineConversation>(response));
    }

    public async Task<string> SayAsync(string conversationId, string bearer, string text, string? clientActivityId = null, string from = "someone-else")
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["from"] = new JsonObject { ["id"] = from },
            ["text"] = text,
            ["locale"] = "nb-NO",
            ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId ?? Guid.NewGuid().ToString("N") },
        };
        using var response = await SendAsync(HttpMethod.Post, $"/conversations/{conversationId}/activities", bearer, activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadAsync<ResourceResponse>(response)).Id!;
    }

    public async Task<ActivitySet> GetAsync(string conversationId, string bearer, string? watermark = null)
    {
        using var response = await SendAsync(HttpMethod.Get,
            $"/conversations/{conversationId}/activities" + (watermark is null ? string.Empty : $"?watermark={watermark}"), bearer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync<ActivitySet>(response);
    }

    /// <summary>Polls (bounded) until the conversation holds at least <paramref name="count"/> activities after the watermark.</summary>
    public async Task<ActivitySet> WaitForAsync(string conversationId, string bearer, int count, string? watermark = null)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        ActivitySet set;
        do
        {
            set = await GetAsync(conversationId, bearer, watermark);
            if (set.Activities.Count >= count)
            {
                return set;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < until);

        return set;
    }

    public async Task<WebSocket> ConnectAsync(string streamUrl)
    {
        var client = app.Server.CreateWebSocketClient();
        return await client.ConnectAsync(new Uri(streamUrl), CancellationToken.None);
    }

    /// <summary>The next WebSocket message as text ("" for a keep-alive), or null when the server closed the socket.</summary>
    public static async Task<string?> ReceiveAsync(WebSocket socket, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    /// <summary>Reads ActivitySets from the socket (skipping keep-alives) until <paramref name="done"/> holds for the activities so far.</summary>
    public static async Task<List<Activity>> ReceiveUntilAsync(WebSocket socket, Func<List<Activity>, bool> done)
    {
        var received = new List<Activity>();
        while (!done(received))
        {
            var text = await ReceiveAsync(socket);
            Assert.NotNull(text);
            if (text.Length > 0)
            {
                received.AddRange(JsonSerializer.Deserialize<ActivitySet>(text, ActivityJson.Options)!.Activities);
            }
        }

        return received;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<T>(await response.Content.ReadAsStringAsync(), ActivityJson.Options)!;

    /// <summary>The claims of a JWT (not checked: for looking at what the server issued).</summary>
    public static JsonObject Claims(string token)
    {
        var payload = token.Split('.')[1];
        return JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(payload))!.AsObject();
    }
}
