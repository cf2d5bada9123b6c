using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dialogue.Bot.Auth;
using Dialogue.Bot.Channels;
using Dialogue.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dialogue.Bot.Tests.Auth;

/// <summary>The host set up for channel auth tests: the login fake, a connector that records headers, captured logs.</summary>
public static class AuthTestHost
{
    /// <summary>The host with MicrosoftAppId set and the Bot Framework endpoints pointed at <paramref name="login"/>.</summary>
    public static DialogueApp WithChannelAuth(
        TestDatabase db, BotFrameworkFake login, RecordingConnector? connector = null, CapturedLogs? logs = null,
        params (string Key, string Value)[] settings) =>
        new(db,
            services =>
            {
                services.AddHttpClient(BotFrameworkAuth.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => login);
                if (connector is not null)
                {
                    services.AddHttpClient(ConnectorTransport.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => connector);
                }

                if (logs is not null)
                {
                    services.AddSingleton<ILoggerProvider>(logs);
                }
            },
            host =>
            {
                foreach (var (key, value) in BotFrameworkFake.Settings())
                {
                    host.UseSetting(key, value);
                }

                foreach (var (key, value) in settings)
                {
                    host.UseSetting(key, value);
                }
            });

    /// <summary>The host with an empty app id, seeing every request as coming from <paramref name="remote"/>.</summary>
    public static DialogueApp WithoutChannelAuth(TestDatabase db, IPAddress? remote, CapturedLogs? logs = null) =>
        new(db, services =>
        {
            if (remote is not null)
            {
                services.AddSingleton<IStartupFilter>(new RemoteAddressFilter(remote));
            }

            if (logs is not null)
            {
                services.AddSingleton<ILoggerProvider>(logs);
            }
        });

    /// <summary>Posts an activity with the given Authorization header; returns status, JSON body and the response.</summary>
    public static async Task<Posted> PostAsync(this DialogueApp app, JsonObject activity, string? bearer, Action<HttpRequestMessage>? adjust = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        adjust?.Invoke(request);
        using var response = await app.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Posted(
            response.StatusCode,
            text.Length > 0 ? JsonNode.Parse(text) : null,
            response.Headers.WwwAuthenticate.ToString(),
            response.Headers.RetryAfter?.ToString());
    }

    /// <summary>A message from <see cref="AuthNames.Channel"/> with the given serviceUrl (expectReplies unless told otherwise).</summary>
    public static JsonObject Message(string conversationId, string serviceUrl, string text = "hei", bool expectReplies = true, string channelId = AuthNames.Channel)
    {
        var activity = Activities.Message(conversationId, text, expectReplies: expectReplies, channelId: channelId);
        activity["serviceUrl"] = serviceUrl;
        return activity;
    }

    public sealed record Posted(HttpStatusCode Status, JsonNode? Body, string WwwAuthenticate, string? RetryAfter)
    {
        public string? ErrorCode => (string?)Body?["error"]?["code"];

        public string? ErrorMessage => (string?)Body?["error"]?["message"];
    }

    private sealed class RemoteAddressFilter(IPAddress remote) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = remote;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>A Bot Connector that records each request's Authorization header; can be told to refuse first.</summary>
public sealed class RecordingConnector : HttpMessageHandler
{
    private readonly ConcurrentQueue<(Uri Url, string? Authorization)> _received = new();

    public Queue<HttpStatusCode> Failures { get; } = new();

    public IReadOnlyList<(Uri Url, string? Authorization)> Received => [.. _received];

    public async Task<IReadOnlyList<(Uri Url, string? Authorization)>> WaitForAsync(int count)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (_received.Count < count && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        return Received;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _received.Enqueue((request.RequestUri!, request.Headers.Authorization?.ToString()));
        lock (Failures)
        {
            if (Failures.TryDequeue(out var failure))
            {
                return Task.FromResult(new HttpResponseMessage(failure));
            }
        }

        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"id\":\"1\"}", Encoding.UTF8, "application/json") });
    }
}

/// <summary>Every log line the host writes, with its category.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
    }
}
