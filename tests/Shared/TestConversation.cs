using System.Text.Json.Nodes;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dialogue.Tests.Shared;

/// <summary>
/// Drives a bot turn by turn the way the host does: state is round-tripped through JSON text between turns (as it is
/// through the database) and only kept when the turn completed.
/// </summary>
public sealed class TestConversation
{
    private readonly TurnPipeline _pipeline;
    private readonly string _channelId;
    private int _nextId;

    public TestConversation(IBot bot, string channelId = "test", IEnumerable<ITurnMiddleware>? middleware = null, TextCatalog? texts = null)
    {
        _pipeline = new TurnPipeline(middleware ?? [], bot, NullLogger<TurnPipeline>.Instance);
        _channelId = channelId;
        Texts = texts ?? TestTexts.Catalog;
    }

    public FakeClock Clock { get; } = new();

    public TextCatalog Texts { get; }

    public JsonObject ConversationState { get; set; } = [];

    public JsonObject UserState { get; private set; } = [];

    public TurnOutcome LastOutcome { get; private set; }

    public Task<IReadOnlyList<Activity>> SendAsync(string text) => RunAsync(new Activity
    {
        Type = ActivityTypes.Message,
        Text = text,
    });

    public Task<IReadOnlyList<Activity>> JoinAsync() => RunAsync(new Activity
    {
        Type = ActivityTypes.ConversationUpdate,
        MembersAdded = [new ChannelAccount { Id = "user-1" }],
    });

    /// <summary>Sends and returns only the reply texts.</summary>
    public async Task<IReadOnlyList<string>> SayAsync(string text) =>
        (await SendAsync(text)).Select(r => r.Text ?? string.Empty).ToList();

    public string T(TextId id, IReadOnlyDictionary<string, string>? args = null) => Texts.Render(id, args);

    private async Task<IReadOnlyList<Activity>> RunAsync(Activity activity)
    {
        activity.Id = $"a{++_nextId}";
        activity.ChannelId = _channelId;
        activity.ServiceUrl = "http://127.0.0.1:1";
        activity.Conversation = new ConversationAccount { Id = "conversation-1" };
        activity.From ??= new ChannelAccount { Id = "user-1" };
        activity.Recipient = new ChannelAccount { Id = "bot" };
        activity.Locale = "nb-NO";

        var conversation = (JsonObject)JsonNode.Parse(ConversationState.ToJsonString())!;
        var user = (JsonObject)JsonNode.Parse(UserState.ToJsonString())!;
        var turn = new TurnContext(activity, conversation, user, Texts, Clock);
        LastOutcome = await _pipeline.RunAsync(turn, CancellationToken.None);
        if (LastOutcome == TurnOutcome.Completed)
        {
            ConversationState = conversation;
            UserState = user;
        }

        return turn.Replies;
    }
}
