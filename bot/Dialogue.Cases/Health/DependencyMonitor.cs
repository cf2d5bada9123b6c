using System.Diagnostics.Metrics;
using Dialogue.Cases.Telemetry;
using Dialogue.Safety.Screening.Sentiment;

namespace Dialogue.Cases.Health;

/// <summary>The services the bot depends on, as shown in health, metrics and the staff banner.</summary>
public enum Dependency
{
    /// <summary>The database (SQLite or PostgreSQL).</summary>
    Database,

    /// <summary>The Twilio REST API (outbound SMS).</summary>
    Sms,

    /// <summary>The Bot Framework: the token endpoint and the Connector at a conversation's serviceUrl.</summary>
    BotFramework,

    /// <summary>The optional sentiment service (Azure AI Language).</summary>
    Sentiment,
}

public enum DependencyState
{
    /// <summary>Not used since this process started (or not configured).</summary>
    Unknown,

    Ok,

    /// <summary>The last call failed; it is tried again.</summary>
    Degraded,
}

/// <summary>Why a call to a dependency failed: a short, fixed word (never an error message, a number or a phone number).</summary>
public static class DependencyErrorKinds
{
    public const string Timeout = "timeout";
    public const string Unreachable = "unreachable";
    public const string ServerError = "server_error";
    public const string Throttled = "throttled";
    public const string Refused = "refused";
    public const string Token = "token";
    public const string InvalidAnswer = "invalid_answer";
    public const string Unavailable = "unavailable";
}

/// <summary>One dependency as this process sees it.</summary>
public sealed record DependencySnapshot(
    Dependency Dependency,
    DependencyState State,
    int ConsecutiveFailures,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string? LastErrorKind,
    DateTimeOffset? DegradedSince)
{
    /// <summary>The name used in health JSON and metric tags: <c>database</c>, <c>sms</c>, <c>botframework</c>, <c>sentiment</c>.</summary>
    public string Name => DependencyMonitor.NameOf(Dependency);
}

/// <summary>
/// What this process knows about its dependencies, fed by the code that calls them: the Twilio and Connector
/// transports, the token client, the sentiment client, the database checks. A dependency is degraded from its first
/// failure until its next success. Also keeps the last <see cref="BacklogFacts"/> counted from the database, which hold
/// across replicas (a replica that never sends SMS still sees SMS waiting). Published as metrics on the meter
/// <c>Dialogue.Dependencies</c>: <c>dialogue.dependency.state</c> (1 degraded, 0 ok), <c>dialogue.dependency.failures</c>
/// (by dependency and error kind) and <c>dialogue.outbox.oldest_pending_age</c> (seconds, by channel).
/// </summary>
public sealed class DependencyMonitor : ISentimentHealth
{
    public const string StateGaugeName = "dialogue.dependency.state";
    public const string FailuresName = "dialogue.dependency.failures";
    public const string OldestPendingName = "dialogue.outbox.oldest_pending_age";
    public const string DependencyTag = "dialogue.dependency";
    public const string ErrorKindTag = "dialogue.dependency.error_kind";

    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<Dependency, DependencySnapshot> _states = [];
    private readonly Counter<long> _failures;
    private volatile BacklogFacts? _backlog;

    public DependencyMonitor(TimeProvider clock, IMeterFactory? meterFactory = null)
    {
        _clock = clock;
        foreach (var dependency in Enum.GetValues<Dependency>())
        {
            _states[dependency] = new DependencySnapshot(dependency, DependencyState.Unknown, 0, null, null, null, null);
        }

        var meter = DialogueMetrics.Create(meterFactory, DialogueTelemetry.DependenciesMeterName);
        meter.CreateObservableGauge(StateGaugeName, ObserveStates, "{state}", "Whether a dependency is degraded (1) or working (0), as this replica sees it.");
        _failures = meter.CreateCounter<long>(FailuresName, "{failure}", "Failed calls to a dependency, by dependency and error kind.");
        meter.CreateObservableGauge(OldestPendingName, ObserveBacklog, "s", "Age of the oldest outbox row still waiting to be sent, by channel.");
    }

    /// <summary>
    /// Records what an HTTP service answered. A refusal of one request (a bad number, an unknown conversation: any 4xx
    /// but 401, 403 and 408) says nothing about the service, so it counts as working; throttling, timeouts, server errors
    /// and a refused account or token count as failures.
    /// </summary>
    public void Answered(Dependency dependency, System.Net.HttpStatusCode status)
    {
        if (FailureKindOf(status) is { } kind)
        {
            Failed(dependency, kind);
        }
        else
        {
            Succeeded(dependency);
        }
    }

    /// <summary>Records a request that got no answer: timed out, or the service could not be reached.</summary>
    public void Unanswered(Dependency dependency, Exception exception) =>
        Failed(dependency, exception is TaskCanceledException or TimeoutException ? DependencyErrorKinds.Timeout : DependencyErrorKinds.Unreachable);

    /// <summary>The failure an HTTP status stands for, or null when the service worked (see <see cref="Answered"/>).</summary>
    public static string? FailureKindOf(System.Net.HttpStatusCode status) => status switch
    {
        System.Net.HttpStatusCode.TooManyRequests => DependencyErrorKinds.Throttled,
        System.Net.HttpStatusCode.RequestTimeout => DependencyErrorKinds.Timeout,
        >= System.Net.HttpStatusCode.InternalServerError => DependencyErrorKinds.ServerError,
        System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden => DependencyErrorKinds.Refused,
        _ => null,
    };

    /// <summary>The last counts from the database, or null before the first count.</summary>
    public BacklogFacts? Backlog => _backlog;

    public static string NameOf(Dependency dependency) => dependency switch
    {
        Dependency.Database => "database",
        Dependency.Sms => "sms",
        Dependency.BotFramework => "botframework",
        Dependency.Sentiment => "sentiment",
        _ => throw new ArgumentOutOfRangeException(nameof(dependency)),
    };

    public void Succeeded(Dependency dependency)
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            _states[dependency] = _states[dependency] with
            {
                State = DependencyState.Ok, ConsecutiveFailures = 0, LastSuccessAt = now, DegradedSince = null,
            };
        }
    }

    public void Failed(Dependency dependency, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            var last = _states[dependency];
            _states[dependency] = last with
            {
                State = DependencyState.Degraded,
                ConsecutiveFailures = last.ConsecutiveFailures + 1,
                LastFailureAt = now,
                LastErrorKind = kind,
                DegradedSince = last.DegradedSince ?? now,
            };
        }

        _failures.Add(1,
            new KeyValuePair<string, object?>(DependencyTag, NameOf(dependency)),
            new KeyValuePair<string, object?>(ErrorKindTag, kind));
    }

    public DependencySnapshot Get(Dependency dependency)
    {
        lock (_gate)
        {
            return _states[dependency];
        }
    }

    public IReadOnlyList<DependencySnapshot> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _states.Values.OrderBy(s => s.Dependency)];
            }
        }
    }

    public void Record(BacklogFacts facts) => _backlog = facts;

    void ISentimentHealth.Answered() => Succeeded(Dependency.Sentiment);

    void ISentimentHealth.Failed(SentimentFailure failure) => Failed(Dependency.Sentiment, failure switch
    {
        SentimentFailure.Timeout => DependencyErrorKinds.Timeout,
        SentimentFailure.Unreachable => DependencyErrorKinds.Unreachable,
        SentimentFailure.ServerError => DependencyErrorKinds.ServerError,
        SentimentFailure.Refused => DependencyErrorKinds.Refused,
        _ => DependencyErrorKinds.InvalidAnswer,
    });

    private IEnumerable<Measurement<int>> ObserveStates() =>
        All.Where(s => s.State != DependencyState.Unknown)
            .Select(s => new Measurement<int>(s.State == DependencyState.Degraded ? 1 : 0, new KeyValuePair<string, object?>(DependencyTag, s.Name)))
            .ToList();

    private IEnumerable<Measurement<double>> ObserveBacklog()
    {
        if (_backlog is not { } backlog)
        {
            return [];
        }

        return backlog.Outbox
            .Select(c => new Measurement<double>(
                c.OldestPendingAt is { } oldest ? Math.Max(0, (backlog.CountedAt - oldest).TotalSeconds) : 0,
                new KeyValuePair<string, object?>(DialogueTelemetry.ChannelTag, DialogueTelemetry.Channel(c.ChannelId))))
            .ToList();
    }
}
