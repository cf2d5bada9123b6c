using System.Text.Json;
using System.Globalization;
using Dialogue.Cases.Health;
using Dialogue.Cases.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dialogue.Bot.Endpoints;

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the database answers and its schema is current
    /// (else 503). A dependency that is not working (SMS, Bot Framework, sentiment) makes it <c>Degraded</c> with 200:
    /// the replica still takes traffic, and what waits is sent when the dependency recovers.
    /// </summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        }, cancellationToken: context.RequestAborted);
    }
}

/// <summary>
/// The database answers and its schema is current, within <see cref="Timeout"/>: a database that is down makes
/// PostgreSQL connections retry for several seconds, longer than a readiness probe waits (3 s in the manifests), so
/// the check gives up first and the probe gets its 503 with the JSON.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<DialogueDbContext> dbFactory, DependencyMonitor dependencies) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        try
        {
            return await CheckAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            dependencies.Failed(Dependency.Database, DependencyErrorKinds.Timeout);
            return HealthCheckResult.Unhealthy($"The database did not answer within {Timeout.TotalSeconds:0} s.");
        }
    }

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            if (!await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false))
            {
                dependencies.Failed(Dependency.Database, DependencyErrorKinds.Unavailable);
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }

            dependencies.Succeeded(Dependency.Database);

            var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
            return pending.Any()
                ? HealthCheckResult.Unhealthy($"The database schema is behind: {string.Join(", ", pending)}.")
                : HealthCheckResult.Healthy($"{db.Database.ProviderName} answers; schema current.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            dependencies.Failed(Dependency.Database, BacklogSampler.KindOf(ex));
            return HealthCheckResult.Unhealthy("The database check failed.", ex);
        }
    }
}

/// <summary>
/// Degraded (not unhealthy: the replica still takes traffic) while a dependency does not work; its data has one entry
/// per dependency (state, consecutive failures, last success and failure, last error kind, degraded since) and the
/// backlog counted from the database.
/// </summary>
internal sealed class DependenciesHealthCheck(DependencyStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = status.Problems();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var dependency in status.Monitor.All)
        {
            var problem = problems.FirstOrDefault(p => p.Dependency == dependency.Dependency);
            data[dependency.Name] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["state"] = (problem is null ? dependency.State : DependencyState.Degraded).ToString(),
                ["consecutiveFailures"] = dependency.ConsecutiveFailures,
                ["lastSuccessAt"] = Time(dependency.LastSuccessAt),
                ["lastFailureAt"] = Time(dependency.LastFailureAt),
                ["lastErrorKind"] = dependency.LastErrorKind,
                ["degradedSince"] = Time(problem?.Since),
            };
        }

        if (status.Monitor.Backlog is { } backlog)
        {
            data["backlog"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["countedAt"] = Time(backlog.CountedAt),
                ["outbox"] = backlog.Outbox.ToDictionary(c => Dialogue.Cases.Telemetry.DialogueTelemetry.Channel(c.ChannelId), c => new
                {
                    pending = c.Pending,
                    oldestPendingSeconds = Seconds(backlog.CountedAt, c.OldestPendingAt),
                    failing = c.Failing,
                    oldestFailingSeconds = Seconds(backlog.CountedAt, c.OldestFailingAt),
                }),
                ["outboxDead"] = backlog.OutboxDead,
                ["inboxPending"] = backlog.InboxPending,
                ["oldestInboxPendingSeconds"] = Seconds(backlog.CountedAt, backlog.OldestInboxPendingAt),
            };
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("Every dependency in use answers.", data)
            : HealthCheckResult.Degraded($"Not working: {string.Join(", ", problems.Select(p => DependencyMonitor.NameOf(p.Dependency)))}.", data: data));
    }

    private static string? Time(DateTimeOffset? at) => at?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static double? Seconds(DateTimeOffset now, DateTimeOffset? at) => at is { } t ? Math.Max(0, Math.Round((now - t).TotalSeconds)) : null;
}
