using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Dialogue.Cases.DirectLine;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Safety;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Screening;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dialogue.Cases.Replicas;

/// <summary>This process among the replicas: a random id, so a replica ignores the notices it sent itself.</summary>
public sealed record ReplicaIdentity(Guid Id)
{
    public static ReplicaIdentity New() => new(Guid.NewGuid());
}

/// <summary>
/// A notice for the other replicas. Ids only, never message text: a staff event (<see cref="StaffEvent"/>), "this Direct
/// Line conversation's log grew", or "there is inbox/outbox work".
/// </summary>
public sealed record ReplicaNotice(
    [property: JsonPropertyName("r")] Guid Replica,
    [property: JsonPropertyName("k")] string Kind,
    [property: JsonPropertyName("c")] string? ConversationId = null,
    [property: JsonPropertyName("t")] string? EventType = null,
    [property: JsonPropertyName("o")] string? Office = null,
    [property: JsonPropertyName("at")] DateTimeOffset? At = null,
    [property: JsonPropertyName("e")] Guid? EscalationId = null,
    [property: JsonPropertyName("h")] Guid? HandoffId = null,
    [property: JsonPropertyName("l")] RiskLevel? Level = null)
{
    public const string StaffKind = "staff";
    public const string FeedKind = "feed";
    public const string InboxKind = "inbox";
    public const string OutboxKind = "outbox";

    internal static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToPayload() => JsonSerializer.Serialize(this, Json);

    public static ReplicaNotice? FromPayload(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<ReplicaNotice>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Tells the other replicas (fire and forget, after commit). On SQLite there are none and nothing is sent.</summary>
public interface IReplicaBus
{
    void Send(ReplicaNotice notice);

    /// <summary>This replica's id, stamped on what it sends.</summary>
    Guid ReplicaId { get; }
}

/// <summary>
/// Sends replica notices with PostgreSQL <c>NOTIFY</c> on the channel <see cref="Channel"/>, from a queue so publishers
/// never wait for the database; identical notices queued together go once. A notice that cannot be sent (the database
/// is away) is dropped after a few tries and logged: notices are wake-ups, and every listener also polls.
/// </summary>
public sealed partial class PostgresReplicaBus(ReplicaConnections connections, ReplicaIdentity identity, ILogger<PostgresReplicaBus> logger)
    : BackgroundService, IReplicaBus
{
    public const string Channel = "dialogue_replicas";

    private readonly Channel<ReplicaNotice> _queue = System.Threading.Channels.Channel.CreateBounded<ReplicaNotice>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public Guid ReplicaId => identity.Id;

    public void Send(ReplicaNotice notice) => _queue.Writer.TryWrite(notice);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!connections.Available)
        {
            return; // SQLite: no other replicas (nothing is queued either: LocalReplicaBus stands in).
        }

        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                var batch = new List<string>();
                while (batch.Count < 500 && reader.TryRead(out var notice))
                {
                    var payload = notice.ToPayload();
                    if (!batch.Contains(payload, StringComparer.Ordinal))
                    {
                        batch.Add(payload);
                    }
                }

                await SendBatchAsync(batch, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task SendBatchAsync(List<string> payloads, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await connections.Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var batch = new NpgsqlBatch(connection);
                foreach (var payload in payloads)
                {
                    var command = new NpgsqlBatchCommand("SELECT pg_notify($1, $2)");
                    command.Parameters.Add(new NpgsqlParameter { Value = Channel });
                    command.Parameters.Add(new NpgsqlParameter { Value = payload });
                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                LogSent(logger, payloads.Count);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= 3)
                {
                    LogSendFailed(logger, ex, payloads.Count);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 2311, Level = LogLevel.Debug, Message = "Sent {Count} notices to the other replicas")]
    private static partial void LogSent(ILogger logger, int count);

    [LoggerMessage(EventId = 2312, Level = LogLevel.Warning, Message = "Could not notify the other replicas; {Count} notices dropped (they poll, so this only delays)")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int count);
}

/// <summary>SQLite: a single process, so there is nobody to tell.</summary>
public sealed class LocalReplicaBus(ReplicaIdentity identity) : IReplicaBus
{
    public Guid ReplicaId => identity.Id;

    public void Send(ReplicaNotice notice)
    {
    }
}

/// <summary>
/// Listens (<c>LISTEN</c>) on a dedicated PostgreSQL connection for the other replicas' notices and hands them to this
/// process: staff events to <see cref="StaffEvents"/> subscribers, Direct Line log growth to <see cref="ConversationFeed"/>
/// listeners, inbox/outbox work to the workers. Its own notices are ignored (delivered locally when published). A lost
/// connection is reopened with backoff; after a reconnect every worker and Direct Line stream is woken once, since
/// notices sent meanwhile are lost (the workspaces refetch when their event stream reconnects).
/// </summary>
public sealed partial class ReplicaListener(
    ReplicaConnections connections,
    ReplicaIdentity identity,
    StaffEvents staffEvents,
    ConversationFeed feed,
    MessagingSignals signals,
    ILogger<ReplicaListener> logger) : BackgroundService
{
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first LISTEN is in place (tests wait for it).</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!connections.Available)
        {
            _listening.TrySetResult();
            return;
        }

        var backoff = TimeSpan.FromMilliseconds(500);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await connections.Source.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, e) => Deliver(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresReplicaBus.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                LogListening(logger);
                _listening.TrySetResult();
                if (!first)
                {
                    WakeEverything();
                }

                first = false;
                backoff = TimeSpan.FromMilliseconds(500);
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(IdleCheck, stoppingToken).ConfigureAwait(false))
                    {
                        // Quiet for a while: make sure the connection is still there.
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
            {
                LogLost(logger, ex, backoff.TotalSeconds);
                try
                {
                    await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
            }
        }
    }

    /// <summary>Hands one notice to this process's listeners; returns false when it was ignored (own, or unreadable).</summary>
    public bool Deliver(string payload)
    {
        if (ReplicaNotice.FromPayload(payload) is not { } notice || notice.Replica == identity.Id)
        {
            return false;
        }

        switch (notice.Kind)
        {
            case ReplicaNotice.StaffKind when notice is { EventType: { } type, Office: { } office, At: { } at }:
                OfficeId officeId;
                try
                {
                    officeId = new OfficeId(office);
                }
                catch (ArgumentException)
                {
                    return false;
                }

                staffEvents.Deliver(new StaffEvent(type, officeId, at, notice.EscalationId, notice.HandoffId, notice.Level));
                return true;
            case ReplicaNotice.FeedKind when notice.ConversationId is { } conversationId:
                feed.NotifyAppendedHere(conversationId);
                return true;
            case ReplicaNotice.InboxKind:
                signals.Inbox.NotifyHere();
                return true;
            case ReplicaNotice.OutboxKind:
                signals.Outbox.NotifyHere();
                return true;
            default:
                return false;
        }
    }

    private void WakeEverything()
    {
        signals.Inbox.NotifyHere();
        signals.Outbox.NotifyHere();
        feed.NotifyAllHere();
    }

    [LoggerMessage(EventId = 2313, Level = LogLevel.Information, Message = "Listening for notices from the other replicas")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(EventId = 2314, Level = LogLevel.Warning, Message = "Lost the connection that listens to the other replicas; reconnecting in {Seconds:0.#} s")]
    private static partial void LogLost(ILogger logger, Exception exception, double seconds);
}
