using Dialogue.Cases.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Health;

/// <summary>One channel's outbox rows waiting to be sent: all of them, and those already tried at least once and failed.</summary>
public sealed record ChannelBacklog(string ChannelId, long Pending, DateTimeOffset? OldestPendingAt, long Failing, DateTimeOffset? OldestFailingAt);

/// <summary>Counts from the database, the same for every replica: what waits in the outbox per channel, dead rows, the inbox.</summary>
public sealed record BacklogFacts(
    IReadOnlyList<ChannelBacklog> Outbox, long OutboxDead, long InboxPending, DateTimeOffset? OldestInboxPendingAt, DateTimeOffset CountedAt)
{
    public ChannelBacklog? For(string channelId) =>
        Outbox.FirstOrDefault(c => string.Equals(c.ChannelId, channelId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The <c>Health</c> configuration section.</summary>
public sealed class DependencyHealthSettings
{
    public const string SectionName = "Health";

    /// <summary>How often the outbox and inbox are counted for health, metrics and the staff banner (<c>Health:FactsInterval</c>).</summary>
    public TimeSpan FactsInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// An outbox row that has failed and still waits this long makes its channel degraded for every replica, also one
    /// that has not tried to send it itself (<c>Health:BacklogDegradedAfter</c>).
    /// </summary>
    public TimeSpan BacklogDegradedAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The staff banner shows a failing dependency after this many failed calls in a row (<c>Health:BannerAfterFailures</c>)
    /// or once it has failed and not worked again for <see cref="BannerAfter"/>, so one failed send that the next try
    /// gets through does not flash a warning on every veileder's screen. Health and metrics show every failure at once.
    /// </summary>
    public int BannerAfterFailures { get; set; } = 3;

    /// <summary>See <see cref="BannerAfterFailures"/> (<c>Health:BannerAfter</c>).</summary>
    public TimeSpan BannerAfter { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>A dependency that is not working, and since when (the earliest sign: a failed call, or a row that waits).</summary>
public sealed record DependencyProblem(Dependency Dependency, DateTimeOffset Since, string? LastErrorKind);

/// <summary>
/// The degraded dependencies, for health, the staff banner and tests: what this process saw fail
/// (<see cref="DependencyMonitor"/>), plus channels whose failed outbox rows have waited longer than
/// <see cref="DependencyHealthSettings.BacklogDegradedAfter"/> (counted in the database, so every replica agrees).
/// </summary>
public sealed class DependencyStatus(DependencyMonitor monitor, DependencyHealthSettings settings, TimeProvider clock)
{
    /// <summary>The channels whose outbox rows go through Twilio; every other channel but Direct Line goes to the Bot Framework Connector.</summary>
    public const string SmsChannel = "sms";

    public const string DirectLineChannel = "directline";

    public DependencyMonitor Monitor => monitor;

    /// <summary>Every degraded dependency, from its first failure (health and metrics).</summary>
    public IReadOnlyList<DependencyProblem> Problems() => Collect(forStaff: false);

    /// <summary>
    /// What the staff banner shows: a dependency that failed <see cref="DependencyHealthSettings.BannerAfterFailures"/>
    /// times in a row or has not worked for <see cref="DependencyHealthSettings.BannerAfter"/> since it failed, and
    /// channels whose outbox rows have waited (those are slow by nature).
    /// </summary>
    public IReadOnlyList<DependencyProblem> StaffProblems() => Collect(forStaff: true);

    private List<DependencyProblem> Collect(bool forStaff)
    {
        var now = clock.GetUtcNow();
        var problems = new Dictionary<Dependency, DependencyProblem>();
        foreach (var state in monitor.All.Where(s => s.State == DependencyState.Degraded))
        {
            if (forStaff && state.ConsecutiveFailures < settings.BannerAfterFailures
                && now - (state.DegradedSince ?? now) < settings.BannerAfter)
            {
                continue;
            }

            problems[state.Dependency] = new DependencyProblem(state.Dependency, state.DegradedSince ?? state.LastFailureAt ?? now, state.LastErrorKind);
        }

        if (monitor.Backlog is { } backlog)
        {
            foreach (var channel in backlog.Outbox)
            {
                if (channel.OldestFailingAt is not { } failingSince || now - failingSince < settings.BacklogDegradedAfter
                    || string.Equals(channel.ChannelId, DirectLineChannel, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var dependency = string.Equals(channel.ChannelId, SmsChannel, StringComparison.OrdinalIgnoreCase) ? Dependency.Sms : Dependency.BotFramework;
                problems[dependency] = problems.TryGetValue(dependency, out var seen)
                    ? seen with { Since = seen.Since < failingSince ? seen.Since : failingSince }
                    : new DependencyProblem(dependency, failingSince, null);
            }
        }

        return [.. problems.Values.OrderBy(p => p.Dependency)];
    }
}

/// <summary>
/// Counts the backlog every <see cref="DependencyHealthSettings.FactsInterval"/> into <see cref="DependencyMonitor.Backlog"/>
/// (a handful of grouped counts). A count that fails marks the database degraded; one that works marks it ok.
/// </summary>
public sealed partial class BacklogSampler(
    IDbContextFactory<DialogueDbContext> dbFactory,
    DependencyMonitor monitor,
    DependencyHealthSettings settings,
    TimeProvider clock,
    ILogger<BacklogSampler> logger) : BackgroundService
{
    public async Task<BacklogFacts> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var pending = await db.Outbox.AsNoTracking().Where(x => x.Status == OutboundStatus.Pending)
            .GroupBy(x => x.ChannelId).Select(g => new { Channel = g.Key, Count = g.LongCount(), First = g.Min(x => x.Id) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var failing = await db.Outbox.AsNoTracking().Where(x => x.Status == OutboundStatus.Pending && x.Attempts > 0)
            .GroupBy(x => x.ChannelId).Select(g => new { Channel = g.Key, Count = g.LongCount(), First = g.Min(x => x.Id) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var firstIds = pending.Select(p => p.First).Concat(failing.Select(f => f.First)).Distinct().ToList();
        var created = firstIds.Count == 0
            ? []
            : (await db.Outbox.AsNoTracking().Where(x => firstIds.Contains(x.Id)).Select(x => new { x.Id, x.CreatedAt })
                .ToListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(x => x.Id, x => x.CreatedAt);
        var dead = await db.Outbox.LongCountAsync(x => x.Status == OutboundStatus.Dead, cancellationToken).ConfigureAwait(false);
        var inbox = await db.Inbox.AsNoTracking().Where(x => x.Status == InboundStatus.Pending).OrderBy(x => x.Id)
            .Select(x => new { x.ReceivedAt }).Take(1).ToListAsync(cancellationToken).ConfigureAwait(false);
        var inboxPending = inbox.Count == 0 ? 0 : await db.Inbox.LongCountAsync(x => x.Status == InboundStatus.Pending, cancellationToken).ConfigureAwait(false);

        var channels = pending.Select(p =>
        {
            var f = failing.FirstOrDefault(x => x.Channel == p.Channel);
            return new ChannelBacklog(p.Channel, p.Count, created.GetValueOrDefault(p.First), f?.Count ?? 0,
                f is null ? null : created.GetValueOrDefault(f.First));
        }).OrderBy(c => c.ChannelId, StringComparer.Ordinal).ToList();
        var facts = new BacklogFacts(channels, dead, inboxPending, inbox.Count == 0 ? null : inbox[0].ReceivedAt, clock.GetUtcNow());
        monitor.Record(facts);
        return facts;
    }

    /// <summary>The error kind of a failed database call (never its message).</summary>
    public static string KindOf(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => "busy",
        TimeoutException => DependencyErrorKinds.Timeout,
        OperationCanceledException => DependencyErrorKinds.Timeout,
        _ when exception.InnerException is { } inner && inner != exception => KindOf(inner),
        _ => DependencyErrorKinds.Unavailable,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CountAsync(stoppingToken).ConfigureAwait(false);
                monitor.Succeeded(Dependency.Database);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                monitor.Failed(Dependency.Database, KindOf(ex));
                LogCountFailed(logger, ex.GetType().Name);
            }

            try
            {
                // Real time, like the workers' polling: a test's fake clock moves the timestamps, not the rhythm.
                await Task.Delay(settings.FactsInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2951, Level = LogLevel.Warning, Message = "Counting the backlog for dependency health failed ({ErrorType}); the database is shown as degraded")]
    private static partial void LogCountFailed(ILogger logger, string errorType);
}

public static class DependencyHealthServiceCollectionExtensions
{
    /// <summary>The dependency monitor, its status view and the backlog sampler (the host calls this with the <c>Health</c> section).</summary>
    public static IServiceCollection AddDialogueDependencyHealth(this IServiceCollection services, DependencyHealthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.FactsInterval <= TimeSpan.Zero || settings.BacklogDegradedAfter < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Health:FactsInterval must be positive and Health:BacklogDegradedAfter not negative.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DependencyMonitor>();
        services.AddSingleton(settings);
        services.AddSingleton<DependencyStatus>();
        services.AddSingleton<BacklogSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<BacklogSampler>());
        return services;
    }
}
