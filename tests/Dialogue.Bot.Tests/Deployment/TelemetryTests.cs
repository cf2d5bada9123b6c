using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Dialogue.Bot.Hosting;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dialogue.Bot.Tests.Deployment;

/// <summary>
/// Telemetry: the turn, screening, escalation, SMS failure and queue metrics a conversation produces (with the right
/// tags), nothing registered without an endpoint, OTLP/HTTP exports reaching a collector, and nothing personal in them.
/// </summary>
public sealed class TelemetryTests
{
    private const string Acute = "har tatt alle pillene mine";

    // Invented, but shaped like the real thing: an 11-digit fødselsnummer and a Norwegian mobile number.
    private const string NationalId = "01017012345";
    private const string OtherPhone = "91234567";

    [Fact]
    public async Task A_conversation_produces_turn_screening_escalation_sms_and_queue_metrics_with_their_tags()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        var factory = sms.App.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)>();
        using var listener = new MeterListener
        {
            // Only this host's meters: other tests run hosts in the same process.
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name.StartsWith(DialogueTelemetry.Prefix, StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            measurements.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
        }

        listener.SetMeasurementEventCallback<double>(Record);
        listener.SetMeasurementEventCallback<long>(Record);
        listener.Start();

        await sms.SendSmsAsync(SmsApp.KariPhone, Acute);
        var sent = await sms.WaitForSmsAsync(1);
        Assert.Contains("113", sent[0], StringComparison.Ordinal);
        var replies = await sms.App.SayAsync("telemetry-1", "hei");
        Assert.NotEmpty(replies);

        var sid = await sms.SavedSidAsync();
        (await sms.SendStatusAsync(sid, "undelivered", "30003")).Dispose();
        (await sms.SendStatusAsync(sid, "undelivered", "30003")).Dispose(); // a repeated receipt is not a second failure

        var depths = sms.App.Services.GetRequiredService<QueueDepths>();
        await depths.RefreshAsync(CancellationToken.None);
        listener.RecordObservableInstruments();

        var all = measurements.ToList();
        Assert.Contains(all, m => m.Instrument == DialogueMetrics.TurnDurationName && m.Tags[DialogueTelemetry.ChannelTag] == "sms"
            && m.Tags[DialogueTelemetry.OutcomeTag] == "completed" && m.Value >= 0);
        Assert.Contains(all, m => m.Instrument == DialogueMetrics.TurnDurationName && m.Tags[DialogueTelemetry.ChannelTag] == "test");
        Assert.Contains(all, m => m.Instrument == DialogueMetrics.ScreeningsName && m.Tags[DialogueTelemetry.RiskLevelTag] == "acute"
            && m.Tags[DialogueTelemetry.ChannelTag] == "sms");
        Assert.Contains(all, m => m.Instrument == DialogueMetrics.ScreeningsName && m.Tags[DialogueTelemetry.RiskLevelTag] == "none"
            && m.Tags[DialogueTelemetry.ChannelTag] == "test");
        var escalation = Assert.Single(all, m => m.Instrument == DialogueMetrics.EscalationsName);
        Assert.Equal(("acute", "risk"), (escalation.Tags[DialogueTelemetry.RiskLevelTag], escalation.Tags[DialogueTelemetry.EscalationKindTag]));
        var failure = Assert.Single(all, m => m.Instrument == DialogueMetrics.SmsFailuresName);
        Assert.Equal(("undelivered", "30xxx"), (failure.Tags[DialogueTelemetry.SmsStatusTag], failure.Tags[DialogueTelemetry.TwilioErrorClassTag]));
        var queues = all.Where(m => m.Instrument == QueueDepths.GaugeName).ToDictionary(m => m.Tags[DialogueTelemetry.QueueTag]!, m => m.Value);
        Assert.Equal(1, queues[QueueDepths.EscalationsOpen]);
        Assert.Equal(0, queues[QueueDepths.InboxPending]);
        Assert.True(queues.ContainsKey(QueueDepths.OutboxPending) && queues.ContainsKey(QueueDepths.OutboxDead));
        Assert.DoesNotContain(all, m => m.Tags.Values.Any(v => v is not null && (v.Contains("9999", StringComparison.Ordinal) || v.Contains("piller", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Without_an_endpoint_no_opentelemetry_service_is_registered()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        IServiceCollection? registered = null;
        await using var app = new DialogueApp(db, s => registered = s, host =>
        {
            host.UseSetting("Telemetry:OtlpEndpoint", string.Empty);
            host.UseSetting(TelemetrySettings.StandardEndpointVariable, string.Empty);
        });
        using var client = app.CreateClient();
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);

        Assert.NotNull(registered);
        var fromOpenTelemetry = registered!.Where(d => IsOpenTelemetry(d.ServiceType) || IsOpenTelemetry(d.ImplementationType)
            || IsOpenTelemetry(d.ImplementationInstance?.GetType())).Select(d => d.ServiceType.FullName).ToList();
        Assert.Empty(fromOpenTelemetry);
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s is QueueDepthSampler);
        Assert.Null(app.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
        Assert.Null(app.Services.GetService<OpenTelemetry.Trace.TracerProvider>());

        // The same host with an endpoint does register them (so the check above can fail).
        await using var db2 = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var on = new DialogueApp(db2, host: h => h.UseSetting("Telemetry:OtlpEndpoint", "http://127.0.0.1:9"));
        Assert.NotNull(on.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
        Assert.Contains(on.Services.GetServices<IHostedService>(), s => s is QueueDepthSampler);
    }

    [Fact]
    public async Task With_an_endpoint_traces_and_metrics_reach_the_collector_over_otlp_http_and_carry_nothing_personal()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var sms = new SmsApp(db, new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = collector.BaseUrl,
            ["Telemetry:MetricExportInterval"] = "00:00:00.500",
            ["Telemetry:QueueDepthInterval"] = "00:00:00.200",
            ["Logging:LogLevel:OpenTelemetry"] = "Warning",
        });
        var message = $"{Acute}. fnr {NationalId}, ring {OtherPhone}";
        try
        {
            await sms.SendSmsAsync(SmsApp.KariPhone, message);
            await sms.WaitForSmsAsync(1);
            Assert.Equal("hei", (await sms.App.SayAsync("telemetry-otlp", "hei")).Count > 0 ? "hei" : null);

            Assert.True(await collector.WaitForAsync("metrics", DialogueMetrics.TurnDurationName), "no turn duration exported to /v1/metrics");
            Assert.True(await collector.WaitForAsync("metrics", QueueDepths.GaugeName), "no queue depth exported to /v1/metrics");
            Assert.True(await collector.WaitForAsync("metrics", DialogueMetrics.ScreeningsName));
        }
        finally
        {
            await sms.DisposeAsync(); // flushes the batched spans
        }

        Assert.True(await collector.WaitForAsync("traces", "dialogue.turn"), "no dialogue.turn span exported to /v1/traces");
        Assert.True(await collector.WaitForAsync("traces", DialogueTelemetry.TurnsName));
        Assert.All(collector.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));

        // Nothing personal anywhere in what was exported: OTLP protobuf carries strings as plain UTF-8.
        string[] forbidden = [Acute, "pillene", NationalId, OtherPhone, SmsApp.KariPhone, SmsApp.KariPhone[3..], "+4799990101", "Kari", "Nordmann"];
        foreach (var secret in forbidden)
        {
            // Say which secret leaked and what surrounds it, so a failure tells where to look.
            var leak = collector.Requests.Select(r => (r.Signal, Body: Encoding.UTF8.GetString(r.Body)))
                .FirstOrDefault(r => r.Body.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak.Body is null,
                $"'{secret}' was exported to /v1/{leak.Signal}: …{Around(leak.Body, secret)}…");
        }
    }

    private static string Around(string? body, string secret)
    {
        if (body is null)
        {
            return string.Empty;
        }

        var at = body.IndexOf(secret, StringComparison.Ordinal);
        var start = Math.Max(0, at - 120);
        var text = body[start..Math.Min(body.Length, at + secret.Length + 120)];
        return new string(text.Select(c => char.IsControl(c) ? '·' : c).ToArray());
    }

    private static bool IsOpenTelemetry(Type? type) =>
        type is not null && (type.Assembly.GetName().Name?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true
            || type.GenericTypeArguments.Any(IsOpenTelemetry));
}

/// <summary>An OTLP/HTTP collector on a loopback port: records every POST to /v1/{signal}.</summary>
public sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, string? ContentType, byte[] Body)> _requests = new();

    private FakeOtlpCollector(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    public IReadOnlyList<(string Signal, string? ContentType, byte[] Body)> Requests => [.. _requests];

    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new FakeOtlpCollector(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector._requests.Enqueue((signal, request.ContentType, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return collector;
    }

    /// <summary>Waits (bounded) for an export of <paramref name="signal"/> whose body mentions <paramref name="text"/>.</summary>
    public async Task<bool> WaitForAsync(string signal, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if (_requests.Any(r => r.Signal == signal && r.Body.AsSpan().IndexOf(needle) >= 0))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
