using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;

namespace Dialogue.Bot.Tests.Messages;

/// <summary>Bad requests get a clear 4xx with a short JSON error body, never a 500, and the next good request works.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private DialogueApp _app = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _app = new DialogueApp(_db);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("""{"type":"message","text":5,"channelId":"test","from":{"id":"u"},"conversation":{"id":"c"},"deliveryMode":"expectReplies"}""")]
    [InlineData("""{"type":"message","channelId":"test","from":{"id":"u"},"deliveryMode":"expectReplies"}""")]
    [InlineData("""{"channelId":"test","from":{"id":"u"},"conversation":{"id":"c"},"deliveryMode":"expectReplies"}""")]
    [InlineData("""{"type":"message","from":{"id":"u"},"conversation":{"id":"c"},"deliveryMode":"expectReplies"}""")]
    [InlineData("""{"type":"message","channelId":"test","from":{"id":"u"},"conversation":{"id":"c"}}""")]
    public async Task Invalid_json_or_missing_required_fields_give_400_with_an_error_body(string body)
    {
        var response = await PostRawAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(string.IsNullOrWhiteSpace((string?)response.Json?["error"]?["message"]));
        await NextGoodRequestWorksAsync();
    }

    [Fact]
    public async Task A_body_over_256_KB_gives_413()
    {
        var huge = Activities.Message("big", new string('a', 300 * 1024)).ToJsonString();

        var response = await PostRawAsync(huge, "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("PayloadTooLarge", (string?)response.Json?["error"]?["code"]);
        await NextGoodRequestWorksAsync();
    }

    [Fact]
    public async Task A_body_over_256_KB_without_content_length_gives_413()
    {
        var huge = Encoding.UTF8.GetBytes(Activities.Message("big", new string('a', 300 * 1024)).ToJsonString());
        using var content = new StreamContent(new MemoryStream(huge));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_wrong_content_type_gives_415(string? contentType)
    {
        var response = await PostRawAsync(Activities.Message("ct", "hei").ToJsonString(), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.NotNull(response.Json?["error"]);
    }

    [Fact]
    public async Task A_charset_parameter_on_json_is_fine()
    {
        var response = await PostRawAsync(Activities.Message("charset", "hei").ToJsonString(), "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Typing_activities_are_acknowledged_and_not_answered()
    {
        var typing = Activities.Message("typing", "");
        typing["type"] = "typing";

        var (status, replies) = await _app.PostAsync(typing);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(replies);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        var client = _app.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("Healthy", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_app_id_configured_unauthenticated_requests_are_refused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db, host: h => h.UseSetting("MicrosoftAppId", "00000000-0000-0000-0000-000000000001"));

        var (status, _) = await app.PostAsync(Activities.Message("auth", "hei"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    private async Task NextGoodRequestWorksAsync()
    {
        var (status, replies) = await _app.PostAsync(Activities.Message($"after-{Guid.NewGuid():N}", "hei"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEmpty(replies);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Json)> PostRawAsync(string body, string? contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _app.CreateClient().PostAsync("/api/messages", content);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the assertions on the error body will say so.
        }

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        return (response.StatusCode, json);
    }
}
