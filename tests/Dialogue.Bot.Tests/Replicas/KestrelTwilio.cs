using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Dialogue.Bot.Tests.Replicas;

/// <summary>
/// A fake Twilio REST API on Kestrel, for bot processes outside the test: records every message sent
/// (<c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>) and answers 201 with a new sid.
/// </summary>
public sealed class KestrelTwilio : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string To, string Body)> _messages = new();
    private readonly ConcurrentQueue<(string Sid, string To, string Body)> _sent = new();
    private WebApplication? _app;
    private int _sids;

    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<(string To, string Body)> Messages => [.. _messages];

    /// <summary>Every message accepted, with the sid it was answered with (the bot keeps it on its outbox row).</summary>
    public IReadOnlyList<(string Sid, string To, string Body)> Sent => [.. _sent];

    public static async Task<KestrelTwilio> StartAsync()
    {
        var fake = new KestrelTwilio();
        var port = BotProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var sid = $"SMkestrel{Interlocked.Increment(ref fake._sids):D24}";
            fake._sent.Enqueue((sid, form["To"].ToString(), form["Body"].ToString()));
            fake._messages.Enqueue((form["To"].ToString(), form["Body"].ToString()));
            return Results.Json(new { sid, status = "queued", to = form["To"].ToString() }, statusCode: StatusCodes.Status201Created);
        });
        await app.StartAsync();
        fake._app = app;
        fake.BaseUrl = $"http://127.0.0.1:{port}";
        return fake;
    }

    public async Task<List<(string To, string Body)>> WaitForAsync(Func<(string To, string Body), bool> which, int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Messages.Count(which) < count && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }

        return Messages.Where(which).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
