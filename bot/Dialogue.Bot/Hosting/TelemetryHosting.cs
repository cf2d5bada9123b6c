using Dialogue.Cases.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Dialogue.Bot.Hosting;

/// <summary>The <c>Telemetry</c> section: OpenTelemetry traces and metrics over OTLP, off unless an endpoint is set.</summary>
public sealed class TelemetrySettings
{
    public const string Section = "Telemetry";

    /// <summary>The standard variable, honoured when <see cref="OtlpEndpoint"/> is empty.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The collector's base address, e.g. <c>http://otel-collector:4318</c>. Empty (and no standard variable): telemetry off.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The standard variable for the protocol, honoured when <see cref="OtlpProtocol"/> is empty.</summary>
    public const string StandardProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>
    /// <c>http/protobuf</c> (<c>/v1/traces</c> and <c>/v1/metrics</c> are appended to the endpoint) or <c>grpc</c>.
    /// Empty: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, else <c>http/protobuf</c>.
    /// </summary>
    public string? OtlpProtocol { get; set; }

    public string ServiceName { get; set; } = "dialogue-bot";

    /// <summary>How often metrics are exported.</summary>
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the queues are counted for the queue depth gauges.</summary>
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads the section key by key (so an unset section still reads <c>Telemetry:OtlpEndpoint</c>, not nothing).</summary>
    public static TelemetrySettings From(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var defaults = new TelemetrySettings();
        return new TelemetrySettings
        {
            OtlpEndpoint = config[$"{Section}:{nameof(OtlpEndpoint)}"],
            OtlpProtocol = config[$"{Section}:{nameof(OtlpProtocol)}"],
            ServiceName = config[$"{Section}:{nameof(ServiceName)}"] is { Length: > 0 } name ? name : defaults.ServiceName,
            MetricExportInterval = config.GetValue($"{Section}:{nameof(MetricExportInterval)}", defaults.MetricExportInterval),
            QueueDepthInterval = config.GetValue($"{Section}:{nameof(QueueDepthInterval)}", defaults.QueueDepthInterval),
        };
    }

    /// <summary>The collector's address from <c>Telemetry:OtlpEndpoint</c>, else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; null when neither is set.</summary>
    public static Uri? Endpoint(IConfiguration config, TelemetrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(settings);
        var value = string.IsNullOrWhiteSpace(settings.OtlpEndpoint) ? config[StandardEndpointVariable] : settings.OtlpEndpoint;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"Telemetry:OtlpEndpoint (or {StandardEndpointVariable}) must be an absolute http(s) URL.");
    }
}

/// <summary>
/// OpenTelemetry for the host: every meter and activity source named <c>Dialogue.*</c>, ASP.NET Core and HttpClient
/// spans (paths and queries left out: they can hold ids), Npgsql's spans, exported over OTLP. Nothing at all is
/// registered without an endpoint.
/// </summary>
public static class TelemetryHosting
{
    private const string Wildcard = DialogueTelemetry.Prefix + "*";

    public static WebApplicationBuilder AddDialogueTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = TelemetrySettings.From(builder.Configuration);
        if (TelemetrySettings.Endpoint(builder.Configuration, settings) is not { } endpoint)
        {
            return builder;
        }

        var protocol = settings.OtlpProtocol is { Length: > 0 } configured
            ? configured
            : builder.Configuration[TelemetrySettings.StandardProtocolVariable] is { Length: > 0 } standard ? standard : "http/protobuf";
        var grpc = string.Equals(protocol, "grpc", StringComparison.OrdinalIgnoreCase);
        if (!grpc && !string.Equals(protocol, "http/protobuf", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Telemetry:OtlpProtocol must be 'http/protobuf' or 'grpc'.");
        }

        void Exporter(OtlpExporterOptions options, string signal)
        {
            options.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            options.Endpoint = grpc ? endpoint : new Uri($"{endpoint.AbsoluteUri.TrimEnd('/')}/v1/{signal}");
        }

        builder.Services.AddSingleton(sp => new QueueDepthSampler(
            sp.GetRequiredService<QueueDepths>(), settings.QueueDepthInterval, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<QueueDepthSampler>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueDepthSampler>());
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName,
                serviceVersion: typeof(TelemetryHosting).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddSource(Wildcard)
                .AddSource("Npgsql")
                .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, _) =>
                {
                    activity.SetTag("url.path", null);
                    activity.SetTag("url.query", null);
                })
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
                {
                    // Connector reply URLs carry conversation ids; only the host is kept.
                    if (request.RequestUri is { } uri)
                    {
                        activity.SetTag("url.full", $"{uri.Scheme}://{uri.Authority}/");
                    }
                })
                .AddOtlpExporter(o => Exporter(o, "traces")))
            .WithMetrics(metrics => metrics
                .AddMeter(Wildcard)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter((o, reader) =>
                {
                    Exporter(o, "metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.MetricExportInterval.TotalMilliseconds;
                }));
        return builder;
    }
}
