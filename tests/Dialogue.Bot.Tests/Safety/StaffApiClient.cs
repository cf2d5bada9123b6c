using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dialogue.Bot.Tests.Support;

namespace Dialogue.Bot.Tests.Safety;

/// <summary>The staff API as a script uses it in Development: a token for a demo account, then bearer calls.</summary>
public sealed class StaffApiClient(HttpClient http)
{
    public const string DemoPassword = "dialogue-demo";
    public const string Marte = "Z990001";
    public const string Amina = "Z990003";

    public HttpClient Http { get; } = http;

    public static async Task<StaffApiClient> SignInAsync(DialogueApp app, string ident)
    {
        var http = app.CreateClient();
        using var response = await http.PostAsJsonAsync("/veileder/api/dev-token", new { ident, password = DemoPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new StaffApiClient(http);
    }

    public async Task<JsonArray> InboxAsync()
    {
        using var response = await Http.GetAsync("/veileder/api/escalations");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }

    public async Task<(HttpStatusCode Status, JsonObject? Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = response.Content.Headers.ContentLength == 0 ? null : await response.Content.ReadFromJsonAsync<JsonObject>();
        return (response.StatusCode, body);
    }

    public async Task<(HttpStatusCode Status, JsonObject? Body)> PostAsync(string path, object? body = null)
    {
        using var response = await Http.PostAsJsonAsync(path, body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject);
    }

    public static string Text(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? string.Empty;
}
