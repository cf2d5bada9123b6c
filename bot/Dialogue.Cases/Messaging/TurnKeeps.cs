namespace Dialogue.Cases.Messaging;

/// <summary>
/// What a turn must store even if a later step of it fails: an escalation raised by the safety screen must not vanish
/// with the rest of a failed turn's changes. Every turn gets one (<c>turn.Get&lt;TurnKeeps&gt;()</c>).
/// </summary>
public sealed class TurnKeeps
{
    private readonly List<object> _entities = [];

    public IReadOnlyList<object> Entities => _entities;

    /// <summary>Marks a new entity (already added to the turn's context) to be stored whatever the turn's outcome.</summary>
    public void Add(object entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        _entities.Add(entity);
    }
}
