using System.Text.Json;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Protocol;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Sms;

/// <summary>An SMS that did not reach the person, and why.</summary>
/// <param name="Reason">
/// "undelivered" or "failed" (the phone network's receipt), "suppressed" (the number had opted out), "held" (the
/// number had reached its daily cap), or "dead" (the
/// provider refused it, or sending kept failing).
/// </param>
public sealed record UndeliveredSms(
    long OutboundId,
    string ConversationId,
    string Text,
    DateTimeOffset CreatedAt,
    string Reason,
    string? ErrorCode,
    string? Error,
    bool Proactive);

/// <summary>
/// The SMS that never reached a person (undelivered, failed, suppressed or given up), per conversation, newest first:
/// for the staff workspace, so a veileder knows a reminder or an answer was not received.
/// </summary>
public sealed class SmsDeliveryLog(IDbContextFactory<DialogueDbContext> dbFactory)
{
    public async Task<IReadOnlyList<UndeliveredSms>> ForNumberAsync(PhoneNumber number, CancellationToken cancellationToken)
    {
        var all = await QueryAsync(number.E164, null, cancellationToken).ConfigureAwait(false);
        return all.GetValueOrDefault(number.E164) ?? [];
    }

    /// <summary>Every conversation with an SMS that did not arrive since <paramref name="since"/>.</summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyList<UndeliveredSms>>> ByConversationAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        QueryAsync(null, since, cancellationToken);

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<UndeliveredSms>>> QueryAsync(
        string? conversationId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Outbox.AsNoTracking().Where(x => x.ChannelId == KnownChannels.Sms
            && (x.Status == OutboundStatus.Dead || x.DeliveryStatus == SmsDeliveryStatus.Undelivered || x.DeliveryStatus == SmsDeliveryStatus.Failed));
        if (conversationId is not null)
        {
            query = query.Where(x => x.ConversationId == conversationId);
        }

        if (since is { } from)
        {
            query = query.Where(x => x.CreatedAt >= from);
        }

        var rows = await query.OrderByDescending(x => x.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows
            .GroupBy(r => r.ConversationId, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<UndeliveredSms>)g.Select(r => new UndeliveredSms(
                    r.Id, r.ConversationId, TextOf(r.ActivityJson), r.CreatedAt,
                    r.DeliveryStatus is SmsDeliveryStatus.Undelivered or SmsDeliveryStatus.Failed or SmsDeliveryStatus.Suppressed or SmsDeliveryStatus.Held ? r.DeliveryStatus : "dead",
                    r.DeliveryErrorCode, r.LastError, r.Proactive)).ToList(),
                StringComparer.Ordinal);
    }

    private static string TextOf(string json)
    {
        try
        {
            return ActivityJson.Deserialize(json)?.Text ?? string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}

/// <summary>Twilio's message statuses as the outbox keeps them, and which may replace which.</summary>
public static class SmsDeliveryStatus
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Undelivered = "undelivered";
    public const string Failed = "failed";

    /// <summary>Never handed to Twilio: the number had opted out.</summary>
    public const string Suppressed = "suppressed";

    /// <summary>Never handed to Twilio: the number had reached its daily cap of SMS (RateLimits:OutboundSmsPerNumberPerDay).</summary>
    public const string Held = "held";

    /// <summary>
    /// How far along a status is. Receipts can arrive out of order, so a later receipt never moves a message back
    /// ("sent" after "delivered" is ignored). Unknown statuses rank lowest.
    /// </summary>
    public static int Rank(string? status) => status switch
    {
        "accepted" or "scheduled" or Queued => 1,
        "sending" => 2,
        Sent => 3,
        Delivered or Undelivered or Failed or "canceled" => 4,
        "read" => 5,
        _ => 0,
    };
}

/// <summary>Records Twilio's delivery receipts (status callbacks) on the outbox row of the message.</summary>
public sealed partial class SmsDeliveryReceipts(
    IDbContextFactory<DialogueDbContext> dbFactory, TimeProvider clock, Telemetry.DialogueMetrics metrics, ILogger<SmsDeliveryReceipts> logger)
{
    /// <summary>False when no outbox row has this message id (logged; the caller still answers 200).</summary>
    public async Task<bool> RecordAsync(string messageId, string status, string? errorCode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(status);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Outbox.Where(x => x.ProviderMessageId == messageId).OrderBy(x => x.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            LogUnknown(logger, messageId, status);
            return false;
        }

        status = status.ToLowerInvariant();
        if (SmsDeliveryStatus.Rank(status) < SmsDeliveryStatus.Rank(row.DeliveryStatus))
        {
            LogOutOfOrder(logger, row.Id, status, row.DeliveryStatus);
            return true;
        }

        var changed = !string.Equals(row.DeliveryStatus, status, StringComparison.Ordinal);
        row.DeliveryStatus = status;
        row.DeliveryStatusAt = clock.GetUtcNow();
        if (!string.IsNullOrEmpty(errorCode))
        {
            row.DeliveryErrorCode = errorCode;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (status is SmsDeliveryStatus.Undelivered or SmsDeliveryStatus.Failed)
        {
            LogNotDelivered(logger, row.Id, status, errorCode);
            if (changed)
            {
                // A repeated receipt is not a second failure.
                metrics.SmsNotDelivered(status, errorCode);
            }
        }

        return true;
    }

    [LoggerMessage(EventId = 2431, Level = LogLevel.Information, Message = "Delivery receipt for unknown message {MessageSid} ({Status}): ignored")]
    private static partial void LogUnknown(ILogger logger, string messageSid, string status);

    [LoggerMessage(EventId = 2432, Level = LogLevel.Debug, Message = "Outbound {OutboundId}: receipt {Status} after {Current} ignored (out of order)")]
    private static partial void LogOutOfOrder(ILogger logger, long outboundId, string status, string? current);

    [LoggerMessage(EventId = 2433, Level = LogLevel.Warning, Message = "Outbound {OutboundId} did not reach the phone: {Status} (error {ErrorCode})")]
    private static partial void LogNotDelivered(ILogger logger, long outboundId, string status, string? errorCode);
}
