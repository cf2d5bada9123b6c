using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dialogue.Bot.Channels;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;
using Dialogue.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Support;

/// <summary>The real host, in process, on a test database, with a fake clock and a fake Bot Connector.</summary>
public sealed class DialogueApp(TestDatabase database, Action<IServiceCollection>? services = null, Action<IWebHostBuilder>? host = null)
    : WebApplicationFactory<Program>
{
    public FakeClock Clock { get; } = new();

    public FakeConnector Connector { get; } = new();

    /// <summary>True once <see cref="StartKestrel"/> has put the app on a real socket.</summary>
    public bool OnKestrel { get; private set; }

    /// <summary>Runs the app on Kestrel on a free port instead of the in-memory test server (call before first use).</summary>
    public void StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        OnKestrel = true;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Dialogue", database.ConnectionString);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Dialogue.Cases.Messaging.TurnProcessor", "Error");
        host?.Invoke(builder);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddHttpClient(ConnectorTransport.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Connector);
            services?.Invoke(s);
        });
    }

    public async Task<T> WithDbAsync<T>(Func<DialogueDbContext, Task<T>> query)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<DialogueDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>Posts an activity to /api/messages and returns the status and, for expectReplies, the replies.</summary>
    public async Task<(HttpStatusCode Status, List<Activity> Replies)> PostAsync(JsonObject activity, HttpClient? client = null)
    {
        client ??= CreateClient();
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/messages", content);
        var replies = new List<Activity>();
        if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentLength != 0)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (body.Length > 0)
            {
                replies = JsonSerializer.Deserialize<ExpectedReplies>(body, ActivityJson.Options)?.Activities?.ToList() ?? [];
            }
        }

        return (response.StatusCode, replies);
    }

    public async Task<JsonObject> ConversationStateAsync(string channelId, string conversationId)
    {
        var key = new ConversationKey(channelId, conversationId).StateKey;
        var json = await WithDbAsync(d => d.States.Where(s => s.Key == key).Select(s => s.Json).SingleAsync());
        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>Sends a message and returns the reply texts (expectReplies).</summary>
    public async Task<List<string>> SayAsync(string conversationId, string text, string? activityId = null, string from = "user-1")
    {
        var (status, replies) = await PostAsync(Activities.Message(conversationId, text, activityId, from: from));
        Assert.Equal(HttpStatusCode.OK, status);
        return replies.Select(r => r.Text ?? string.Empty).ToList();
    }
}

/// <summary>Builds activities the way a channel sends them.</summary>
public static class Activities
{
    public static JsonObject Message(
        string conversationId, string text, string? id = null, bool expectReplies = true, string channelId = "test", string from = "user-1") =>
        new()
        {
            ["type"] = "message",
            ["id"] = id ?? Guid.NewGuid().ToString("N"),
            ["channelId"] = channelId,
            ["serviceUrl"] = FakeConnector.ServiceUrl,
            ["deliveryMode"] = expectReplies ? "expectReplies" : null,
            ["from"] = new JsonObject { ["id"] = from },
            ["recipient"] = new JsonObject { ["id"] = "bot", ["name"] = "Dialogue" },
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["text"] = text,
            ["locale"] = "nb-NO",
        };
}

/// <summary>Stands in for the Bot Connector service: records every reply POSTed to it; can be told to fail first.</summary>
public sealed class FakeConnector : HttpMessageHandler
{
    public const string ServiceUrl = "http://connector.test/";

    private readonly Lock _gate = new();
    private readonly List<(Uri Url, Activity Activity)> _received = [];

    /// <summary>Status codes to answer with before answering 200, in order.</summary>
    public Queue<HttpStatusCode> Failures { get; } = new();

    public IReadOnlyList<(Uri Url, Activity Activity)> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> replies have arrived.</summary>
    public async Task<IReadOnlyList<(Uri Url, Activity Activity)>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (Received.Count < count && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        return Received;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Failures.TryDequeue(out var failure))
            {
                return new HttpResponseMessage(failure);
            }
        }

        var activity = await request.Content!.ReadFromJsonAsync<Activity>(ActivityJson.Options, cancellationToken);
        lock (_gate)
        {
            _received.Add((request.RequestUri!, activity!));
        }

        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($"{{\"id\":\"{Guid.NewGuid():N}\"}}", Encoding.UTF8, "application/json"),
        };
    }
}
