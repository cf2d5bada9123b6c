using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dialogue.Bot.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Security;

/// <summary>Listens to one host's <c>Dialogue.RateLimits</c> meter and sums each counter by its tags.</summary>
public sealed class RateLimitMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public RateLimitMeter(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _ = services.GetRequiredService<RateLimitMetrics>(); // the meter exists before the listener starts
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RateLimitMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + string.Concat(tags.ToArray().Select(t => $"|{t.Key}={t.Value}"));
            _totals.AddOrUpdate(key, value, (_, old) => old + value);
        });
        _listener.Start();
    }

    /// <summary>The sum for <paramref name="instrument"/> with exactly these tags (e.g. "endpoint=messages"), 0 if none.</summary>
    public long Total(string instrument, string? tag = null) => _totals.GetValueOrDefault(tag is null ? instrument : $"{instrument}|{tag}");

    public void Dispose() => _listener.Dispose();
}
