using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Dialogue.Bot.Tests.Replicas;

/// <summary>How <see cref="KestrelTwilio"/> answers a message request.</summary>
public enum TwilioFault
{
    /// <summary>Accepts it: 201 with a new sid (recorded in <see cref="KestrelTwilio.Messages"/>).</summary>
    None,

    /// <summary>500 with a Twilio error body; nothing is sent.</summary>
    ServerError,

    /// <summary>429 with <c>Retry-After</c> (<see cref="KestrelTwilio.RetryAfterSeconds"/>); nothing is sent.</summary>
    TooManyRequests,

    /// <summary>
    /// Accepts the message (it is recorded and would reach the phone) but never answers, so the client times out:
    /// the documented duplicate case, counted in <see cref="KestrelTwilio.AcceptedWithoutAnswer"/>.
    /// </summary>
    AcceptThenHang,
}

/// <summary>
/// A fake Twilio REST API on Kestrel, for bot processes outside the test: records every message sent
/// (<c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>) and answers 201 with a new sid. <see cref="Fault"/> makes it
/// answer 500, 429 with Retry-After, or accept and never answer; <see cref="Attempts"/> counts every request by fault.
/// </summary>
public sealed class KestrelTwilio : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string To, string Body)> _messages = new();
    private readonly ConcurrentQueue<(string To, string Body)> _acceptedWithoutAnswer = new();
    private readonly ConcurrentDictionary<TwilioFault, int> _attempts = new();
    private readonly ConcurrentQueue<(string Sid, string To, string Body)> _sent = new();
    private WebApplication? _app;
    private int _sids;

    /// <summary>How the next requests are answered; change it at any time.</summary>
    public TwilioFault Fault { get; set; }

    /// <summary>The <c>Retry-After</c> sent with <see cref="TwilioFault.TooManyRequests"/>.</summary>
    public int RetryAfterSeconds { get; set; } = 30;

    /// <summary>Messages accepted (and so sent) whose request was never answered.</summary>
    public IReadOnlyList<(string To, string Body)> AcceptedWithoutAnswer => [.. _acceptedWithoutAnswer];

    /// <summary>Requests so far, by the fault they were answered with.</summary>
    public int Attempts(TwilioFault fault) => _attempts.GetValueOrDefault(fault);

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
            var fault = fake.Fault;
            fake._attempts.AddOrUpdate(fault, 1, (_, n) => n + 1);
            var message = (form["To"].ToString(), form["Body"].ToString());
            switch (fault)
            {
                case TwilioFault.ServerError:
                    return Results.Json(new { code = 20500, message = "Internal Server Error", status = 500 }, statusCode: StatusCodes.Status500InternalServerError);
                case TwilioFault.TooManyRequests:
                    http.Response.Headers.RetryAfter = fake.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Results.Json(new { code = 20429, message = "Too Many Requests", status = 429 }, statusCode: StatusCodes.Status429TooManyRequests);
                case TwilioFault.AcceptThenHang:
                    fake._messages.Enqueue(message);
                    fake._acceptedWithoutAnswer.Enqueue(message);
                    try
                    {
                        await Task.Delay(Timeout.Infinite, http.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up, as it should.
                    }

                    return Results.Empty;
            }

            var sid = $"SMkestrel{Interlocked.Increment(ref fake._sids):D24}";
            fake._sent.Enqueue((sid, message.Item1, message.Item2));
            fake._messages.Enqueue(message);
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
