using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Retention;

/// <summary>
/// Runs <see cref="TranscriptRetention"/> once a day at <see cref="RetentionSettings.RunAt"/> (Europe/Oslo), on the
/// <see cref="TimeProvider"/>. One worker per process; the run itself keeps replicas from overlapping.
/// </summary>
public sealed partial class RetentionWorker(TranscriptRetention retention, TimeProvider clock, ILogger<RetentionWorker> logger) : BackgroundService
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>The next time after <paramref name="now"/> the clock in Oslo shows <paramref name="runAt"/> (moved past a daylight-saving gap).</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly runAt)
    {
        var local = TimeZoneInfo.ConvertTime(now, Oslo);
        for (var day = DateOnly.FromDateTime(local.DateTime); ; day = day.AddDays(1))
        {
            var wall = day.ToDateTime(runAt, DateTimeKind.Unspecified);
            while (Oslo.IsInvalidTime(wall))
            {
                wall = wall.AddMinutes(30);
            }

            var at = new DateTimeOffset(wall, Oslo.GetUtcOffset(wall));
            if (at > now)
            {
                return at.ToUniversalTime();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NextRun(clock.GetUtcNow(), retention.Settings.RunAt);
            LogScheduled(logger, next);
            try
            {
                // Waited in steps of at most an hour, so a clock change (or a test clock) is noticed.
                while (clock.GetUtcNow() < next)
                {
                    var wait = next - clock.GetUtcNow();
                    await Task.Delay(wait > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : wait, clock, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await retention.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRunFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 5105, Level = LogLevel.Debug, Message = "Next retention run at {At:O}")]
    private static partial void LogScheduled(ILogger logger, DateTimeOffset at);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Error, Message = "Retention run failed; what it did not finish is done on the next run")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
