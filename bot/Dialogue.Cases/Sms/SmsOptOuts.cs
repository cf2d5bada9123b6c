using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Sms;

/// <summary>STOPP and START for one turn, on the turn's own database context (committed with the turn, or not at all).</summary>
public sealed class SmsOptOutStore(DialogueDbContext db)
{
    public Task<SmsOptOut?> FindAsync(PhoneNumber number, CancellationToken cancellationToken) =>
        db.SmsOptOuts.SingleOrDefaultAsync(x => x.Phone == number, cancellationToken);

    /// <summary>Opts the number out; <paramref name="activityId"/> is the STOPP message, whose one confirmation may still go out.</summary>
    public void OptOut(PhoneNumber number, SmsOptOut? existing, DateTimeOffset at, string? activityId)
    {
        if (existing is null)
        {
            db.SmsOptOuts.Add(new SmsOptOut { Phone = number, OptedOutAt = at, OptOutActivityId = activityId });
            return;
        }

        existing.OptedOutAt = at;
        existing.OptedInAt = null;
        existing.OptOutActivityId = activityId;
    }

    public static void OptIn(SmsOptOut existing, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(existing);
        existing.OptedInAt = at;
    }
}

/// <summary>Gives SMS turns their <see cref="SmsOptOutStore"/>.</summary>
internal sealed class SmsTurnServices : ITurnServices
{
    public void Provide(ITurnContext turn, DialogueDbContext db)
    {
        if (string.Equals(turn.Conversation.ChannelId, KnownChannels.Sms, StringComparison.OrdinalIgnoreCase))
        {
            turn.Provide(new SmsOptOutStore(db));
        }
    }
}

/// <summary>Whether a number may be texted, outside any turn (the transport and proactive sending ask).</summary>
public sealed class SmsOptOuts(IDbContextFactory<DialogueDbContext> dbFactory)
{
    /// <summary>The number's opt-out while it is opted out; null when it may be texted.</summary>
    public async Task<SmsOptOut?> ActiveOptOutAsync(PhoneNumber number, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.SmsOptOuts.AsNoTracking().SingleOrDefaultAsync(x => x.Phone == number, cancellationToken).ConfigureAwait(false);
        return row is { IsOptedOut: true } ? row : null;
    }
}
