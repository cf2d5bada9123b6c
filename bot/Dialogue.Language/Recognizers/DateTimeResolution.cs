namespace Dialogue.Language;

/// <summary>
/// A date (and maybe a time) read from a message. <see cref="Value"/> is that local date and time in the zone used
/// (00:00 when there is no time); <see cref="Matched"/> is the part of the input it was read from.
/// </summary>
public sealed record DateTimeResolution(DateOnly Date, TimeOnly? Time, DateTimeOffset Value, string Matched);
