using System.Runtime.CompilerServices;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Dialogue.Cases.Persistence;

/// <summary>
/// The reads every turn makes, compiled once (<c>EF.CompileAsyncQuery</c>): no expression tree to build, walk for
/// parameters and look up in the query cache per call. A compiled query binds to the provider of the first context it
/// runs on, so each is compiled per model (SQLite and PostgreSQL models can share one process, as in the tests).
/// </summary>
internal static class TurnQueries
{
    private static readonly PerModel<Func<DialogueDbContext, string, string, string, CancellationToken, Task<InboundActivity?>>> InboxByKeyQuery =
        new(() => EF.CompileAsyncQuery((DialogueDbContext db, string channelId, string conversationId, string activityId, CancellationToken _) =>
            db.Inbox.SingleOrDefault(x => x.ChannelId == channelId && x.ConversationId == conversationId && x.ActivityId == activityId)));

    private static readonly PerModel<Func<DialogueDbContext, long, CancellationToken, Task<InboundActivity>>> InboxByIdQuery =
        new(() => EF.CompileAsyncQuery((DialogueDbContext db, long id, CancellationToken _) => db.Inbox.Single(x => x.Id == id)));

    private static readonly PerModel<Func<DialogueDbContext, string, string, IAsyncEnumerable<StateRecord>>> StatesQuery =
        new(() => EF.CompileAsyncQuery((DialogueDbContext db, string conversationKey, string userKey) =>
            db.States.Where(s => s.Key == conversationKey || s.Key == userKey)));

    private static readonly PerModel<Func<DialogueDbContext, string, string, CancellationToken, Task<PersonId?>>> LinkedPersonQuery =
        new(() => EF.CompileAsyncQuery((DialogueDbContext db, string channelId, string accountId, CancellationToken _) =>
            db.ChannelLinks.Where(l => l.ChannelId == channelId && l.AccountId == accountId).Select(l => (PersonId?)l.PersonId).SingleOrDefault()));

    private static readonly PerModel<Func<DialogueDbContext, string, string, CancellationToken, Task<Handoff?>>> ActiveHandoffQuery =
        new(() => EF.CompileAsyncQuery((DialogueDbContext db, string channelId, string conversationId, CancellationToken _) =>
            db.Handoffs.AsNoTracking()
                .Where(h => h.ChannelId == channelId && h.ConversationId == conversationId && h.EndedAt == null)
                .OrderByDescending(h => h.StartedAt)
                .FirstOrDefault()));

    /// <summary>An inbox row by its unique key (channel, conversation, activity id), tracked: the turn updates it.</summary>
    public static Task<InboundActivity?> InboxByKeyAsync(
        DialogueDbContext db, string channelId, string conversationId, string activityId, CancellationToken cancellationToken) =>
        InboxByKeyQuery.For(db)(db, channelId, conversationId, activityId, cancellationToken);

    /// <summary>An inbox row by id, tracked.</summary>
    public static Task<InboundActivity> InboxByIdAsync(DialogueDbContext db, long id, CancellationToken cancellationToken) =>
        InboxByIdQuery.For(db)(db, id, cancellationToken);

    /// <summary>The conversation's and the user's state rows, tracked: the turn updates them.</summary>
    public static IAsyncEnumerable<StateRecord> States(DialogueDbContext db, string conversationKey, string userKey) =>
        StatesQuery.For(db)(db, conversationKey, userKey);

    /// <summary>The person an account on a channel is linked to.</summary>
    public static Task<PersonId?> LinkedPersonAsync(DialogueDbContext db, string channelId, string accountId, CancellationToken cancellationToken) =>
        LinkedPersonQuery.For(db)(db, channelId, accountId, cancellationToken);

    /// <summary>The conversation's open handoff (the latest), not tracked.</summary>
    public static Task<Handoff?> ActiveHandoffAsync(DialogueDbContext db, string channelId, string conversationId, CancellationToken cancellationToken) =>
        ActiveHandoffQuery.For(db)(db, channelId, conversationId, cancellationToken);

    /// <summary>One compiled query per model.</summary>
    private sealed class PerModel<TQuery>(Func<TQuery> compile)
        where TQuery : class
    {
        private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

        public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
    }
}
