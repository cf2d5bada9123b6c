namespace Dialogue.Framework.Turns;

/// <summary>The bot's logic for one turn, at the end of the middleware chain.</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken);
}

/// <summary>The rest of the pipeline after a middleware.</summary>
public delegate Task NextDelegate(CancellationToken cancellationToken);

/// <summary>
/// A step that runs before the bot on every turn, in registration order. It may answer on its own and not call
/// <c>next</c> (e.g. a safety screen), or wrap the rest of the turn (e.g. logging).
/// </summary>
public interface ITurnMiddleware
{
    Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken);
}
