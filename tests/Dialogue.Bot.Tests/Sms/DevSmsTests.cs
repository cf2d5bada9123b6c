using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dialogue.Bot.Channels.Sms;
using Dialogue.Bot.Channels.Sms.Dev;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Sms;

/// <summary>"Try SMS without Twilio": a Development tool only, and it exercises the real webhook and transport.</summary>
public sealed class DevSmsTests
{
    [Theory]
    [InlineData("GET", "/dev/sms")]
    [InlineData("GET", "/dev/sms/info")]
    [InlineData("GET", "/dev/sms/messages?phone=%2B4799990001")]
    [InlineData("POST", "/dev/sms/send")]
    [InlineData("POST", "/dev/twilio/2010-04-01/Accounts/ACx/Messages.json")]
    public async Task Nothing_of_it_exists_in_production(string method, string path)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db, host: h => h.UseEnvironment("Production"));

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { from = "+4799990001", body = "hei" }) };
        using var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task In_development_a_message_from_the_page_gets_the_bots_answer_delivered_by_the_fake_twilio()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db, services =>
        {
            // Loopback calls (webhook, fake API, status callbacks) go to the in-process test server.
            foreach (var name in new[] { DevSmsEndpoints.LoopbackClientName, TwilioSmsTransport.HttpClientName, FakeTwilio.CallbackClientName })
            {
                services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
            }
        });
        var client = app.CreateClient();

        using var page = await client.GetAsync("/dev/sms");
        var info = await client.GetFromJsonAsync<JsonObject>("/dev/sms/info");
        using var sent = await client.PostAsJsonAsync("/dev/sms/send", new { from = "99990001", body = "hei" });
        var result = await sent.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Try SMS without Twilio", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((bool)info!["usesFakeApi"]!);
        Assert.Equal(TwilioSettings.DevFromNumber, (string?)info["botNumber"]);
        Assert.Equal(6, info["people"]!.AsArray().Count);
        Assert.Equal(200, (int)result!["status"]!);

        JsonArray? messages = null;
        for (var i = 0; i < 300 && !(messages?.Any(m => (string?)m!["direction"] == "out" && (string?)m["status"] == "delivered") ?? false); i++)
        {
            await Task.Delay(100);
            messages = await client.GetFromJsonAsync<JsonArray>("/dev/sms/messages?phone=%2B4799990001");
        }

        Assert.NotNull(messages);
        Assert.Equal("hei", (string?)messages[0]!["body"]);
        var answer = messages.Single(m => (string?)m!["direction"] == "out")!;
        Assert.StartsWith("Hei Kari!", (string?)answer["body"], StringComparison.Ordinal);
        Assert.Equal("delivered", (string?)answer["status"]);

        // The fake's signed status callbacks were accepted by the real /api/sms/twilio/status.
        string? recorded = null;
        for (var i = 0; i < 300 && recorded != "delivered"; i++)
        {
            recorded = await app.WithDbAsync(d => d.Outbox.Select(x => x.DeliveryStatus).SingleAsync());
            await Task.Delay(recorded == "delivered" ? 0 : 100);
        }

        Assert.Equal("delivered", recorded);
    }
}
